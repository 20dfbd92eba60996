// The per-case assertion (`type: javascript`, `value: file://providers/assert-label.ts`).
export { assertLabel as default } from '../src/plugin/assert-label.ts';
