// promptfoo extension hooks: write labelgate's report after a bare `npx promptfoo eval`.
//   extensions: [file://providers/hooks.ts:beforeAll, file://providers/hooks.ts:afterAll]
// (`:afterEach` too when the provider is not labelgate's, for `--no-write`; `:extensionHook`, all in
// one, still works, at the cost of two imports of this file per result.)
export { afterAll, afterEach, beforeAll, extensionHook } from '../src/plugin/hooks.ts';
