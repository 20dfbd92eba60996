// promptfoo loads this file as a custom provider (`file://providers/labelgate.ts`).
export { LabelgateProvider as default } from '../src/plugin/provider.ts';
