import { derivedMetricsFor, scoreName } from './named-scores.ts';

/** A derived metric as promptfoo takes it: a mathjs expression, or a function of the named-score sums. */
export interface DerivedMetric {
  name: string;
  value: string | ((scores: Record<string, number>) => number);
}

/** A sum promptfoo has not seen yet is an error, as an undefined symbol is in mathjs (promptfoo then keeps the metric's previous value). */
function sum(scores: Record<string, number>, name: string): number {
  const x = scores[name];
  if (typeof x !== 'number') throw new Error(`Undefined symbol ${name}`);
  return x;
}

/** `num / den`, and 0 when `den` is 0: the `(den) == 0 ? 0 : (num) / (den)` of derivedMetricsFor (counts are integers, so mathjs's `==` is exact here). */
const safeDiv = (num: number, den: number) => (den === 0 ? 0 : num / den);

/**
 * derivedMetricsFor's metrics as functions: the same arithmetic in the same order, so the same
 * numbers as mathjs gives, without parsing every expression again for every result (promptfoo
 * re-evaluates every derived metric after each result).
 */
export function derivedMetricFunctions(labels: readonly string[]): Map<string, (scores: Record<string, number>) => number> {
  const fns = new Map<string, (scores: Record<string, number>) => number>();
  fns.set('accuracy', (s) => safeDiv(sum(s, scoreName.correct), sum(s, scoreName.labeled)));
  for (const l of labels) {
    const [tp, fp, fn] = [scoreName.tp(l), scoreName.fp(l), scoreName.fn(l)];
    fns.set(scoreName.precision(l), (s) => safeDiv(sum(s, tp), sum(s, tp) + sum(s, fp)));
    fns.set(scoreName.recall(l), (s) => safeDiv(sum(s, tp), sum(s, tp) + sum(s, fn)));
    fns.set(scoreName.f1(l), (s) => safeDiv(2 * sum(s, tp), 2 * sum(s, tp) + sum(s, fp) + sum(s, fn)));
  }
  const f1s = labels.map(scoreName.f1);
  fns.set('macro_f1', (s) => f1s.reduce((acc, name, i) => (i === 0 ? sum(s, name) : acc + sum(s, name)), 0) / labels.length);
  return fns;
}

/**
 * The suite's derived metrics with each one labelgate generated for these labels (same name, same
 * expression as derivedMetricsFor) replaced by its function form. Any other metric, a user's own or
 * one whose expression differs, stays as it is and promptfoo evaluates it with mathjs.
 */
export function withDerivedMetricFunctions(metrics: readonly DerivedMetric[], labelSets: readonly (readonly string[])[]): DerivedMetric[] {
  const known = new Map<string, (scores: Record<string, number>) => number>();
  for (const labels of labelSets) {
    const fns = derivedMetricFunctions(labels);
    for (const m of derivedMetricsFor(labels)) {
      const fn = fns.get(m.name);
      if (fn) known.set(`${m.name}\u0000${m.value}`, fn);
    }
  }
  return metrics.map((m) => {
    const fn = typeof m.value === 'string' ? known.get(`${m.name}\u0000${m.value}`) : undefined;
    return fn ? { name: m.name, value: fn } : m;
  });
}
