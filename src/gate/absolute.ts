import { computeMetrics } from '../metrics/index.ts';
import { ERROR, INVALID, type CaseRow, type Metrics, type VariantResult } from '../report/schema.ts';
import { pct } from '../render/format.ts';
import type { GateConfig } from './config.ts';
import type { RuleResult } from './types.ts';

/**
 * The candidate as the gate judges it: its own rows, plus every case it should have and does not,
 * as an `error` (no answer). The gate never passes on results it does not have.
 */
export interface JudgedVariant {
  metrics: Metrics;
  /** All cases, labeled or not, including the missing ones. */
  total: number;
  invalid: number;
  error: number;
  /** Cases counted as errors because the variant has no row for them. */
  missing: number;
}

/**
 * `expected` maps every case id the variant should have to its gold label (from any row of either
 * report). `unaccounted` is cases the dataset had that no row anywhere names: their labels are not
 * known, so they count as wrong labeled cases in accuracy and as errors, not per label.
 */
export function judgeVariant(v: VariantResult, expected: ReadonlyMap<string, string | null>, unaccounted: number): JudgedVariant {
  const have = new Set(v.cases.map((c) => c.id));
  const labels = new Set(v.labels);
  const missingRows: CaseRow[] = [];
  for (const [id, gold] of expected) {
    if (have.has(id)) continue;
    missingRows.push({ id, gold: gold !== null && labels.has(gold) ? gold : null, prediction: ERROR, reason: 'missing from the report' });
  }
  // Recomputed from the rows, never read from the stored figures: a report is evidence only
  // through its rows (the macro-F1 interval is not used here, so few resamples do).
  const base = computeMetrics([...v.cases, ...missingRows], v.labels, { resamples: 100 });
  const metrics: Metrics =
    unaccounted === 0
      ? base
      : { ...base, labeled: base.labeled + unaccounted, accuracy: base.correct / (base.labeled + unaccounted) };
  let invalid = 0;
  let error = 0;
  for (const c of v.cases) {
    if (c.prediction === INVALID) invalid++;
    else if (c.prediction === ERROR) error++;
  }
  const missing = missingRows.length + unaccounted;
  return { metrics, total: v.cases.length + missing, invalid, error: error + missing, missing };
}

function atLeast(rule: 'minAccuracy' | 'minRecall' | 'minF1', observed: number, threshold: number, n: number, what: string, label?: string): RuleResult {
  const ok = observed >= threshold;
  return {
    rule,
    ...(label !== undefined && { label }),
    verdict: ok ? 'pass' : 'fail',
    observed,
    threshold,
    n,
    message: `${what} ${pct(observed)} ${ok ? '≥' : '<'} ${pct(threshold)} (n=${n})`,
  };
}

function noData(rule: RuleResult['rule'], threshold: number, message: string, label?: string): RuleResult {
  return { rule, ...(label !== undefined && { label }), verdict: 'fail', observed: null, threshold, n: 0, message };
}

/** Accuracy, invalid and error rates, per-label recall and F1 floors: rules on the candidate alone. */
export function absoluteRules(v: VariantResult, judged: JudgedVariant, config: GateConfig): RuleResult[] {
  const m = judged.metrics;
  const rules: RuleResult[] = [];
  rules.push(
    m.labeled === 0
      ? noData('minAccuracy', config.minAccuracy, 'no labeled cases: accuracy cannot be measured')
      : atLeast('minAccuracy', m.correct / m.labeled, config.minAccuracy, m.labeled, 'accuracy'),
  );
  for (const [rule, count, threshold, what] of [
    ['maxInvalidRate', judged.invalid, config.maxInvalidRate, 'invalid answers'],
    ['maxErrorRate', judged.error, config.maxErrorRate, judged.missing > 0 ? `errors (${judged.missing} of them missing cases)` : 'errors'],
  ] as const) {
    if (judged.total === 0) {
      rules.push(noData(rule, threshold, 'no cases'));
      continue;
    }
    const rate = count / judged.total;
    const ok = rate <= threshold;
    rules.push({
      rule,
      verdict: ok ? 'pass' : 'fail',
      observed: rate,
      threshold,
      n: judged.total,
      message: `${what} ${pct(rate)} (${count}/${judged.total}) ${ok ? '≤' : '>'} ${pct(threshold)}`,
    });
  }
  for (const label of v.labels) {
    const own = config.labels[label];
    const p = m.perLabel[label];
    for (const [rule, metric] of [
      ['minRecall', 'recall'],
      ['minF1', 'f1'],
    ] as const) {
      const threshold = own?.[rule] ?? config.defaults[rule];
      if (threshold === undefined) continue;
      if (!p || p.support === 0) {
        rules.push(noData(rule, threshold, `no labeled cases of "${label}": its ${metric === 'f1' ? 'F1' : metric} cannot be measured`, label));
        continue;
      }
      rules.push(atLeast(rule, p[metric], threshold, p.support, `"${label}" ${metric === 'f1' ? 'F1' : metric}`, label));
    }
  }
  return rules;
}
