// promptfoo test generator: `tests: [{path: file://providers/tests.ts, config: {dataset, split, map}}]`.
export { generateTests as default } from '../src/plugin/tests.ts';
