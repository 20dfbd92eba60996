import type { EvaluateResult } from 'promptfoo';
import type { Case } from '../dataset/schema.ts';
import { ERROR, INVALID } from '../core/outcome.ts';
import { type CaseRow } from '../report/schema.ts';
import { excerpt } from '../core/text.ts';
import type { ResponseMetadata } from './grade.ts';
import { caseFromVars } from './tests.ts';

/** What `rowsFromResults` reads of a result: a run that collects results one by one keeps only this. */
export function resultForRows(r: EvaluateResult): EvaluateResult {
  const response = r.response && {
    output: r.response.output,
    ...(r.response.error !== undefined && { error: r.response.error }),
    ...(r.response.metadata !== undefined && { metadata: r.response.metadata }),
    ...(r.response.tokenUsage !== undefined && { tokenUsage: r.response.tokenUsage }),
    ...(r.response.cost !== undefined && { cost: r.response.cost }),
  };
  return {
    promptIdx: r.promptIdx,
    testIdx: r.testIdx,
    vars: r.vars,
    failureReason: r.failureReason,
    ...(r.error !== undefined && { error: r.error }),
    latencyMs: r.latencyMs,
    ...(response && { response }),
  } as EvaluateResult;
}

/**
 * One string for equal texts: a model's answers and explanations repeat (the same label, the same
 * "no evidence" explanation), and every row would otherwise keep its own copy for the whole run.
 */
function sharedStrings(): (text: string) => string {
  const seen = new Map<string, string>();
  return (text) => {
    const first = seen.get(text);
    if (first !== undefined) return first;
    seen.set(text, text);
    return text;
  };
}

/**
 * promptfoo's results as labelgate's per-case rows, one list per prompt (variant, with its labels) in
 * prompt order.
 * Every case gets a row for every variant: a result promptfoo did not produce becomes `error`.
 */
export function rowsFromResults(results: EvaluateResult[], labelsByPrompt: string[][], cases: Case[]): CaseRow[][] {
  const byPrompt = labelsByPrompt.map(() => new Map<string, CaseRow>());
  const byId = new Map(cases.map((c) => [c.id, c]));
  const same = sharedStrings();
  for (const r of results) {
    const rows = byPrompt[r.promptIdx];
    if (!rows) continue;
    const input = caseFromVars(r.vars);
    // labelgate's own runs pass the case's position (runPromptfoo). A bare run passes the case, but
    // promptfoo redacts values that look like secrets (a 64-hex-digit id comes back "[REDACTED]"):
    // such a result is matched to its case by the test's position instead, and shows the case's text.
    const known = typeof r.vars.case === 'number' ? cases[r.vars.case] : (byId.get(input.id) ?? cases[r.testIdx]);
    const id = known?.id ?? input.id;
    const gold = known ? known.label : r.vars.label;
    const meta = (r.response?.metadata ?? {}) as Partial<ResponseMetadata>;
    const output = r.response?.output;
    // `r.error` also holds a failed assertion's reason; only failureReason ERROR (2) means no answer.
    const failed = r.failureReason === 2 || Boolean(r.response?.error) || typeof output !== 'string';
    const tokens = r.response?.tokenUsage;
    // Whatever answered (labelgate's provider or another), an answer that is not a label is `invalid`.
    const labels = labelsByPrompt[r.promptIdx]!;
    const notALabel = !failed && ![...labels, INVALID, ERROR].includes(output as string);
    rows.set(id, {
      id,
      gold: typeof gold === 'string' && gold !== '' ? gold : null,
      prediction: failed ? ERROR : notALabel ? INVALID : (output as string),
      ...(notALabel ? { raw: same(String(output)) } : meta.raw !== undefined ? { raw: same(meta.raw) } : {}),
      ...(failed
        ? { reason: same(String(r.error ?? r.response?.error ?? 'no output')) }
        : notALabel
          ? { reason: 'the provider answered with something that is not a label' }
          : meta.reason !== undefined
            ? { reason: same(meta.reason) }
            : {}),
      latencyMs: meta.latencyMs ?? r.latencyMs,
      ...(tokens?.total ? { tokens: { prompt: tokens.prompt ?? 0, completion: tokens.completion ?? 0, total: tokens.total, ...(tokens.cached ? { cached: tokens.cached } : {}) } } : {}),
      ...(typeof r.response?.cost === 'number' && r.response.cost >= 0 && { costUsd: r.response.cost }),
      query: excerpt(known?.query ?? input.query, 120),
    });
  }
  return byPrompt.map((rows) =>
    cases.map(
      (c) =>
        rows.get(c.id) ?? {
          id: c.id,
          gold: c.label ?? null,
          prediction: ERROR,
          reason: 'promptfoo returned no result for this case',
          query: excerpt(c.query, 120),
        },
    ),
  );
}
