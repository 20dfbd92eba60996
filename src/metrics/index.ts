import type { CaseRow, Metrics } from '../report/schema.ts';
import { columnTotal, confusionMatrix, countConfusion, marginals, type ConfusionCounts } from './confusion.ts';
import { bootstrapInterval, wilson } from './intervals.ts';
import { cohenKappa } from './kappa.ts';
import { labelScores, macroF1, weightedF1 } from './per-label.ts';

/** Fixed so that every report is reproducible; recorded in `macroF1CI.seed`. */
export const DEFAULT_SEED = 20261124;
export const DEFAULT_RESAMPLES = 1000;

export interface MetricsOptions {
  seed?: number;
  resamples?: number;
}

/**
 * Every classification metric of one variant, from its per-case rows. Rows with `gold === null`
 * are unlabeled and excluded; `invalid` and `error` predictions count as wrong. `labels` is the
 * variant's declared order, which fixes the order of rows and columns and of `perLabel`.
 */
export function computeMetrics(rows: readonly CaseRow[], labels: readonly string[], options: MetricsOptions = {}): Metrics {
  const seed = options.seed ?? DEFAULT_SEED;
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be a whole number (got ${seed})`);
  const counts = countConfusion(rows, labels);
  const { support, predicted, tp } = marginals(counts);
  const n = counts.labels.length;
  const { labeled, correct, accuracy, macroF1: macro } = headline(counts);
  const kappa = cohenKappa(counts);
  const undefinedMetrics: NonNullable<Metrics['undefinedMetrics']> = [];
  if (labeled === 0) undefinedMetrics.push('accuracy', 'weightedF1');
  if (kappa.undefined) undefinedMetrics.push('kappa');
  return {
    labeled,
    correct,
    accuracy,
    accuracyCI: wilson(correct, labeled),
    macroF1: macro,
    macroF1CI: { ...macroF1Interval(counts, { seed, resamples }), seed, resamples },
    weightedF1: weightedF1(tp, support, predicted),
    kappa: kappa.kappa,
    invalid: columnTotal(counts, n),
    error: columnTotal(counts, n + 1),
    perLabel: Object.fromEntries(counts.labels.map((label, i) => [label, labelScores(tp[i]!, support[i]!, predicted[i]!)])),
    confusion: confusionMatrix(counts),
    ...(undefinedMetrics.length > 0 ? { undefinedMetrics } : {}),
  };
}

/** Labeled cases, correct ones, accuracy (0 with none labeled) and macro-F1 of confusion counts. */
export function headline(counts: ConfusionCounts): { labeled: number; correct: number; accuracy: number; macroF1: number } {
  const { support, predicted, tp } = marginals(counts);
  const correct = tp.reduce((a, b) => a + b, 0);
  return { labeled: counts.labeled, correct, accuracy: counts.labeled === 0 ? 0 : correct / counts.labeled, macroF1: macroF1(tp, support, predicted) };
}

/**
 * Percentile-bootstrap 95% interval of macro-F1: resamples the confusion cells (see
 * `bootstrapCounts`), only the non-empty ones, so 100k cases cost no more than 100.
 * With no labeled cases nothing is known: [0, 1].
 */
export function macroF1Interval(counts: ConfusionCounts, options: { seed: number; resamples: number }): { low: number; high: number } {
  if (counts.labeled === 0) return { low: 0, high: 1 };
  const n = counts.labels.length;
  const gold: number[] = [];
  const pred: number[] = [];
  const weights: number[] = [];
  counts.cells.forEach((c, i) => {
    if (c === 0) return;
    gold.push(Math.floor(i / counts.width));
    pred.push(i % counts.width);
    weights.push(c);
  });
  const support = new Float64Array(n);
  const predicted = new Float64Array(n);
  const tp = new Float64Array(n);
  const statistic = (sample: Int32Array): number => {
    support.fill(0);
    predicted.fill(0);
    tp.fill(0);
    for (let k = 0; k < sample.length; k++) {
      const x = sample[k]!;
      const g = gold[k]!;
      const p = pred[k]!;
      support[g]! += x;
      if (p < n) predicted[p]! += x;
      if (g === p) tp[g]! += x;
    }
    return macroF1(tp, support, predicted);
  };
  return bootstrapInterval(weights, statistic, options);
}
