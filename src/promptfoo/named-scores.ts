import { ERROR, INVALID } from '../core/outcome.ts';

/**
 * promptfoo sums each named score over a prompt's tests, and its `derivedMetrics` see only those
 * sums. So each case emits one-hot counts (true/false positives, false negatives, the confusion
 * cell), and derived metrics turn the sums into precision, recall and F1. Names are mathjs
 * identifiers: `-` in a label becomes `_`.
 */
const ident = (label: string) => label.replace(/[^A-Za-z0-9_]/g, '_');

export const scoreName = {
  tp: (l: string) => `tp_${ident(l)}`,
  fp: (l: string) => `fp_${ident(l)}`,
  fn: (l: string) => `fn_${ident(l)}`,
  cell: (gold: string, predicted: string) => `cm_${ident(gold)}__${ident(predicted)}`,
  precision: (l: string) => `precision_${ident(l)}`,
  recall: (l: string) => `recall_${ident(l)}`,
  f1: (l: string) => `f1_${ident(l)}`,
};

/** Every name is emitted for every case (zeros included) so each sum exists for derived metrics. */
export function namedScoresFor(gold: string, prediction: string, labels: readonly string[]): Record<string, number> {
  const scores: Record<string, number> = { labeled: 1, correct: prediction === gold ? 1 : 0 };
  scores[INVALID] = prediction === INVALID ? 1 : 0;
  scores[ERROR] = prediction === ERROR ? 1 : 0;
  for (const l of labels) {
    scores[scoreName.tp(l)] = gold === l && prediction === l ? 1 : 0;
    scores[scoreName.fp(l)] = gold !== l && prediction === l ? 1 : 0;
    scores[scoreName.fn(l)] = gold === l && prediction !== l ? 1 : 0;
    for (const p of [...labels, INVALID, ERROR]) scores[scoreName.cell(l, p)] = gold === l && prediction === p ? 1 : 0;
  }
  return scores;
}

/** `derivedMetrics` for promptfoo: per-label precision/recall/F1 (0/0 → 0, as scikit-learn's zero_division=0), accuracy, macro-F1. */
export function derivedMetricsFor(labels: readonly string[]): { name: string; value: string }[] {
  const safeDiv = (num: string, den: string) => `(${den}) == 0 ? 0 : (${num}) / (${den})`;
  const metrics: { name: string; value: string }[] = [{ name: 'accuracy', value: safeDiv('correct', 'labeled') }];
  for (const l of labels) {
    const [tp, fp, fn] = [scoreName.tp(l), scoreName.fp(l), scoreName.fn(l)];
    metrics.push(
      { name: scoreName.precision(l), value: safeDiv(tp, `${tp} + ${fp}`) },
      { name: scoreName.recall(l), value: safeDiv(tp, `${tp} + ${fn}`) },
      { name: scoreName.f1(l), value: safeDiv(`2 * ${tp}`, `2 * ${tp} + ${fp} + ${fn}`) },
    );
  }
  metrics.push({ name: 'macro_f1', value: `(${labels.map(scoreName.f1).join(' + ')}) / ${labels.length}` });
  return metrics;
}
