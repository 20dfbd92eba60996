import type { AssertionValueFunctionContext, GradingResult } from 'promptfoo';
import { gradeCase } from '../promptfoo/grade.ts';

/** The per-case assertion (`type: javascript`, `value: file://providers/assert-label.ts`). */
export function assertLabel(output: string, context: AssertionValueFunctionContext): GradingResult {
  const labels = (context.providerResponse?.metadata?.labels as string[] | undefined) ?? [];
  return gradeCase(output, context.vars.label, labels);
}
