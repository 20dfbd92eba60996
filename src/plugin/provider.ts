// labelgate's classifier as a promptfoo custom provider (`file://providers/labelgate.ts`).
export { LabelgateProvider } from '../promptfoo/provider.ts';
