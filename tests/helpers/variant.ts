import { loadVariant } from '../../src/variant/load.ts';
import type { Variant } from '../../src/variant/schema.ts';

/** A small valid variant file's text; `overrides` replaces top-level YAML lines by key. */
export const VARIANT_YAML = `name: tiny
version: 1.0.0
changelog: A tiny variant for tests
system: You route questions about a tracking product.
labels:
  - name: artifact
    description: Storing and versioning datasets and model files as artifacts.
    examples:
      positive: [How do I version a dataset?]
      negative: [How do I reset my password?]
  - name: visualisation
    description: Charts, panels and dashboards of logged metrics.
  - name: other
    description: Everything else.
fallback: other
template: "Question: {{query}}\\nDocument: {{document}}"
`;

export function tinyVariant(text = VARIANT_YAML, file = 'prompts/test/tiny.yaml'): Variant {
  return loadVariant(file, text);
}
