import { ERROR, INVALID } from '../core/outcome.ts';

/**
 * promptfoo sums each named score over a prompt's tests, and its `derivedMetrics` see only those
 * sums. So each case emits one-hot counts (true/false positives, false negatives, the confusion
 * cell), and derived metrics turn the sums into precision, recall and F1. Names are mathjs
 * identifiers: `-` in a label becomes `_`.
 *
 * promptfoo's viewer lists a prompt's named scores sorted by name (`localeCompare`) and shows the
 * first ten in the column header, the rest behind "Show more…"; each result cell badges its own
 * named scores the same way. So the counts all start with `tally_`, which sorts after every metric
 * name (`accuracy`, `f1_`, `macro_f1`, `precision_`, `recall_` all start before `t`): the header
 * shows metrics first. A cell's badges are its counts only, and the fewer the quieter.
 */
const ident = (label: string) => label.replace(/[^A-Za-z0-9_]/g, '_');

const TALLY = 'tally_';

export const scoreName = {
  labeled: `${TALLY}labeled`,
  correct: `${TALLY}correct`,
  unlabeled: `${TALLY}unlabeled`,
  outcome: (o: typeof INVALID | typeof ERROR) => `${TALLY}${o}`,
  tp: (l: string) => `${TALLY}tp_${ident(l)}`,
  fp: (l: string) => `${TALLY}fp_${ident(l)}`,
  fn: (l: string) => `${TALLY}fn_${ident(l)}`,
  cell: (gold: string, predicted: string) => `${TALLY}cm_${ident(gold)}__${ident(predicted)}`,
  precision: (l: string) => `precision_${ident(l)}`,
  recall: (l: string) => `recall_${ident(l)}`,
  f1: (l: string) => `f1_${ident(l)}`,
};

/** The named scores of an unlabeled case: counted, never scored. */
export const unlabeledScores = (): Record<string, number> => ({ [scoreName.unlabeled]: 1 });

/**
 * The counts the derived metrics read (labeled, correct, tp/fp/fn per label) are emitted for every
 * case, zeros included: a name no case emits has no sum, and a derived metric that reads it fails
 * to evaluate. The confusion cell and the invalid/error counts feed no derived metric, so a case
 * emits only the ones that hold for it; in the viewer, clicking one filters the cases it counts.
 */
export function namedScoresFor(gold: string, prediction: string, labels: readonly string[]): Record<string, number> {
  const scores: Record<string, number> = { [scoreName.labeled]: 1, [scoreName.correct]: prediction === gold ? 1 : 0 };
  for (const l of labels) {
    scores[scoreName.tp(l)] = gold === l && prediction === l ? 1 : 0;
    scores[scoreName.fp(l)] = gold !== l && prediction === l ? 1 : 0;
    scores[scoreName.fn(l)] = gold === l && prediction !== l ? 1 : 0;
  }
  if (prediction === INVALID || prediction === ERROR) scores[scoreName.outcome(prediction)] = 1;
  if (labels.includes(gold) && (labels.includes(prediction) || prediction === INVALID || prediction === ERROR)) scores[scoreName.cell(gold, prediction)] = 1;
  return scores;
}

/** `derivedMetrics` for promptfoo: per-label precision/recall/F1 (0/0 → 0, as scikit-learn's zero_division=0), accuracy, macro-F1. */
export function derivedMetricsFor(labels: readonly string[]): { name: string; value: string }[] {
  const safeDiv = (num: string, den: string) => `(${den}) == 0 ? 0 : (${num}) / (${den})`;
  const metrics: { name: string; value: string }[] = [{ name: 'accuracy', value: safeDiv(scoreName.correct, scoreName.labeled) }];
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

/**
 * The derived metrics labelgate would write for these labels that a config lacks or states
 * differently. promptfoo keeps a derived metric it cannot evaluate at 0 and says so only in its
 * debug log, so a config written for other labels, or for older count names, shows wrong zeros.
 */
export function derivedMetricsOutOfStep(configured: readonly { name: string; value: unknown }[] | undefined, labels: readonly string[]): string[] {
  const have = new Map((configured ?? []).map((m) => [m.name, m.value]));
  return derivedMetricsFor(labels)
    .filter((m) => have.get(m.name) !== m.value)
    .map((m) => m.name);
}
