// promptfoo extension hook: writes labelgate's report after a bare `npx promptfoo eval`.
export { extensionHook } from '../src/plugin/hooks.ts';
