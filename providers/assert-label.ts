// The per-case assertion (`type: javascript`, `value: file://providers/assert-label.ts`).
import type { AssertionValueFunctionContext } from 'promptfoo';
import { gradeCase } from '../src/promptfoo/grade.ts';

export default function assertLabel(output: string, context: AssertionValueFunctionContext) {
  const labels = (context.providerResponse?.metadata?.labels as string[] | undefined) ?? [];
  return gradeCase(output, context.vars.label, labels);
}
