import type { TestCase } from 'promptfoo';
import type { Dataset } from '../dataset/load.ts';
import type { Case } from '../dataset/schema.ts';
import { UserError } from '../core/errors.ts';
import { termText } from '../core/text.ts';
import { LabelName } from '../variant/schema.ts';
import type { ClassifierCase } from '../classifier/types.ts';

/**
 * A dataset case as a promptfoo test. The case's text travels inside one object var, `case`:
 * promptfoo reads a string var that starts with `file://` as a file (a hostile dataset could send a
 * local file to the model) and expands `{{...}}` inside string vars; it does neither to objects.
 * The prompt function's messages, which hold the text too, are rendered as templates: they are
 * escaped (`promptfooMessages`). `label`, the gold label the assertion compares with, must be a label
 * name (`checkLabelNames`), so it is neither a file reference nor a template.
 */
export function caseToTest(c: Case): TestCase {
  const input: ClassifierCase = { id: c.id, query: c.query, ...(c.document !== undefined && { document: c.document }) };
  return {
    description: c.id,
    vars: { case: input as unknown as string, ...(c.label !== undefined && { label: c.label }) },
    ...(c.metadata && { metadata: c.metadata as TestCase['metadata'] }),
  };
}

/** What the classifier sees of a dataset case, as `caseFromVars` reads it back from a test. */
export function classifierCase(c: Case): ClassifierCase {
  return { id: c.id, query: c.query, ...(c.document !== undefined && c.document !== '' && { document: c.document }) };
}

/**
 * A dataset case as a test of labelgate's own runs: only the case's position among the run's cases
 * (the provider holds the cases, see `LabelgateProvider`), so promptfoo neither renders, sanitises nor
 * keeps the case's text, and an id that looks like a secret to promptfoo cannot be redacted.
 */
export function positionTest(position: number): TestCase {
  return { vars: { case: position as unknown as string } };
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

/**
 * Every gold label is a possible label name. promptfoo's bare test generator cannot check labels
 * against the variants (it does not know them), but a string that is not a label name can be in no
 * label set, and a string var is what promptfoo would read as a file or expand as a template.
 */
export function checkLabelNames(dataset: Dataset, cases: Case[]): void {
  for (const c of cases) {
    if (c.label !== undefined && !LabelName.safeParse(c.label).success) {
      throw new UserError(`label "${termText(c.label)}" is not a label name (lower-case letters, digits, "_" or "-", starting with a letter)`, dataset.path, c.line);
    }
  }
}
