import type { TestCase } from 'promptfoo';
import type { Case } from '../dataset/schema.ts';

/** A dataset case as a promptfoo test: its fields become vars (`label` is the gold label). */
export function caseToTest(c: Case): TestCase {
  return {
    description: c.id,
    vars: {
      id: c.id,
      query: c.query,
      ...(c.document !== undefined && { document: c.document }),
      ...(c.label !== undefined && { label: c.label }),
    },
    ...(c.metadata && { metadata: c.metadata as TestCase['metadata'] }),
  };
}
