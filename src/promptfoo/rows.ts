import type { EvaluateResult } from 'promptfoo';
import type { Case } from '../dataset/schema.ts';
import { ERROR, type CaseRow } from '../report/schema.ts';
import { excerpt } from '../render/escape.ts';
import type { ResponseMetadata } from './grade.ts';

/**
 * promptfoo's results as labelgate's per-case rows, one list per prompt (variant) in prompt order.
 * Every case gets a row for every variant: a result promptfoo did not produce becomes `error`.
 */
export function rowsFromResults(results: EvaluateResult[], promptCount: number, cases: Case[]): CaseRow[][] {
  const byPrompt = Array.from({ length: promptCount }, () => new Map<string, CaseRow>());
  for (const r of results) {
    const rows = byPrompt[r.promptIdx];
    if (!rows) continue;
    const id = String(r.vars.id ?? r.testCase.vars?.id ?? '');
    const meta = (r.response?.metadata ?? {}) as Partial<ResponseMetadata>;
    const output = r.response?.output;
    // `r.error` also holds a failed assertion's reason; only failureReason ERROR (2) means no answer.
    const failed = r.failureReason === 2 || Boolean(r.response?.error) || typeof output !== 'string';
    const tokens = r.response?.tokenUsage;
    rows.set(id, {
      id,
      gold: typeof r.vars.label === 'string' && r.vars.label !== '' ? r.vars.label : null,
      prediction: failed ? ERROR : (output as string),
      ...(meta.raw !== undefined && { raw: meta.raw }),
      ...(failed ? { reason: String(r.error ?? r.response?.error ?? 'no output') } : meta.reason !== undefined ? { reason: meta.reason } : {}),
      latencyMs: meta.latencyMs ?? r.latencyMs,
      ...(tokens?.total ? { tokens: { prompt: tokens.prompt ?? 0, completion: tokens.completion ?? 0, total: tokens.total, ...(tokens.cached ? { cached: tokens.cached } : {}) } } : {}),
      query: excerpt(String(r.vars.query ?? ''), 120),
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
