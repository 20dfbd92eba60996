import type { TestCase } from 'promptfoo';
import type { Case } from '../dataset/schema.ts';
import type { ClassifierCase } from '../classifier/types.ts';

/**
 * A dataset case as a promptfoo test. The case's text travels inside one object var, `case`:
 * promptfoo reads a string var that starts with `file://` as a file (a hostile dataset could send a
 * local file to the model) and expands `{{...}}` inside string vars; it does neither to objects.
 * `label` (a validated label name) is the gold label the assertion compares with.
 */
export function caseToTest(c: Case): TestCase {
  const input: ClassifierCase = { id: c.id, query: c.query, ...(c.document !== undefined && { document: c.document }) };
  return {
    description: c.id,
    vars: { case: input as unknown as string, ...(c.label !== undefined && { label: c.label }) },
    ...(c.metadata && { metadata: c.metadata as TestCase['metadata'] }),
  };
}

/** The case a test's vars carry (see `caseToTest`); anything malformed reads as an empty case. */
export function caseFromVars(vars: Record<string, unknown>): ClassifierCase {
  const c = (vars.case ?? {}) as Partial<ClassifierCase>;
  return {
    id: String(c.id ?? ''),
    query: String(c.query ?? ''),
    ...(typeof c.document === 'string' && c.document !== '' && { document: c.document }),
  };
}
