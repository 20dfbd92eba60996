import type { PerLabel } from '../report/schema.ts';
import { wilson } from './intervals.ts';

/**
 * Precision, recall and F1 of one label from its counts, with scikit-learn's documented 0/0
 * convention (`zero_division=0`): precision is 0 when the label was never predicted, recall is 0
 * when it has no gold cases, and F1 = 2·tp / (2·tp + fp + fn) = 2·tp / (support + predicted) is 0
 * when both are empty. Each such 0 is named in `undefinedMetrics`, so a view can tell "0/0" from
 * "0 out of something".
 */
export function labelScores(tp: number, support: number, predicted: number): PerLabel {
  const undefinedMetrics: NonNullable<PerLabel['undefinedMetrics']> = [];
  if (predicted === 0) undefinedMetrics.push('precision');
  if (support === 0) undefinedMetrics.push('recall');
  if (support + predicted === 0) undefinedMetrics.push('f1');
  return {
    precision: predicted === 0 ? 0 : tp / predicted,
    recall: support === 0 ? 0 : tp / support,
    f1: f1Score(tp, support, predicted),
    support,
    predicted,
    recallCI: wilson(tp, support),
    ...(undefinedMetrics.length > 0 ? { undefinedMetrics } : {}),
  };
}

export function f1Score(tp: number, support: number, predicted: number): number {
  const denominator = support + predicted;
  return denominator === 0 ? 0 : (2 * tp) / denominator;
}

/** Unweighted mean of the labels' F1, every declared label counting (as scikit-learn does with `labels=`). */
export function macroF1(tp: ArrayLike<number>, support: ArrayLike<number>, predicted: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < tp.length; i++) sum += f1Score(tp[i]!, support[i]!, predicted[i]!);
  return sum / tp.length;
}

/** Support-weighted mean of the labels' F1; 0 (undefined) when there is no support at all. */
export function weightedF1(tp: ArrayLike<number>, support: ArrayLike<number>, predicted: ArrayLike<number>): number {
  let sum = 0;
  let total = 0;
  for (let i = 0; i < tp.length; i++) {
    sum += support[i]! * f1Score(tp[i]!, support[i]!, predicted[i]!);
    total += support[i]!;
  }
  return total === 0 ? 0 : sum / total;
}
