import { computeMetrics } from '../metrics/index.ts';
import { ERROR, INVALID } from '../core/outcome.ts';
import { type CaseRow, type Metrics, type VariantResult } from '../report/schema.ts';
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

function atLeast(rule: 'minAccuracy' | 'minRecall' | 'minF1', observed: number, threshold: number, n: number, label?: string): RuleResult {
  return { rule, ...(label !== undefined && { label }), verdict: observed >= threshold ? 'pass' : 'fail', observed, threshold, n };
}

/** Nothing to measure (no labeled cases, no cases of a label): the gate does not pass on results it does not have. */
function noData(rule: RuleResult['rule'], threshold: number, label?: string): RuleResult {
  return { rule, ...(label !== undefined && { label }), verdict: 'fail', observed: null, threshold, n: 0 };
}

/** Accuracy, invalid and error rates, per-label recall and F1 floors: rules on the candidate alone. */
export function absoluteRules(v: VariantResult, judged: JudgedVariant, config: GateConfig): RuleResult[] {
  const m = judged.metrics;
  const rules: RuleResult[] = [];
  rules.push(
    m.labeled === 0
      ? noData('minAccuracy', config.minAccuracy)
      : atLeast('minAccuracy', m.correct / m.labeled, config.minAccuracy, m.labeled),
  );
  for (const [rule, count, threshold] of [
    ['maxInvalidRate', judged.invalid, config.maxInvalidRate],
    ['maxErrorRate', judged.error, config.maxErrorRate],
  ] as const) {
    if (judged.total === 0) {
      rules.push(noData(rule, threshold));
      continue;
    }
    const rate = count / judged.total;
    rules.push({
      rule,
      verdict: rate <= threshold ? 'pass' : 'fail',
      observed: rate,
      threshold,
      n: judged.total,
      count,
      ...(rule === 'maxErrorRate' && judged.missing > 0 && { missing: judged.missing }),
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
        rules.push(noData(rule, threshold, label));
        continue;
      }
      rules.push(atLeast(rule, p[metric], threshold, p.support, label));
    }
  }
  return rules;
}
