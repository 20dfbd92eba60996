import { evaluate } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { derivedMetricsFor, namedScoresFor } from '../../src/promptfoo/named-scores.ts';

const labels = ['a', 'b', 'other'];

/** Sums named scores over cases and evaluates the derived metrics the way promptfoo does (mathjs, in order). */
function promptfooMetrics(pairs: [string, string][]): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const [gold, pred] of pairs) for (const [k, v] of Object.entries(namedScoresFor(gold, pred, labels))) sums[k] = (sums[k] ?? 0) + v;
  const scope: Record<string, number> = { ...sums };
  for (const m of derivedMetricsFor(labels)) scope[m.name] = evaluate(m.value, scope) as number;
  return scope;
}

describe('promptfoo named scores and derived metrics', () => {
  it('yield the hand-worked per-label metrics', () => {
    // gold→pred: a→a, a→b, b→b, other→a, other→other, other→invalid
    // a: tp 1, fp 1 (other→a), fn 1 → P 1/2, R 1/2, F1 1/2
    // b: tp 1, fp 1 (a→b), fn 0 → P 1/2, R 1, F1 2/3
    // other: tp 1, fp 0, fn 2 → P 1, R 1/3, F1 1/2; accuracy 3/6; macro-F1 (1/2 + 2/3 + 1/2)/3 = 5/9
    const m = promptfooMetrics([
      ['a', 'a'],
      ['a', 'b'],
      ['b', 'b'],
      ['other', 'a'],
      ['other', 'other'],
      ['other', 'invalid'],
    ]);
    expect(m).toMatchObject({ tp_a: 1, fp_a: 1, fn_a: 1, tp_b: 1, fp_b: 1, fn_b: 0, tp_other: 1, fp_other: 0, fn_other: 2, invalid: 1, error: 0 });
    expect(m.cm_other__invalid).toBe(1);
    expect(m.cm_a__b).toBe(1);
    expect(m.precision_a).toBeCloseTo(0.5, 12);
    expect(m.recall_b).toBeCloseTo(1, 12);
    expect(m.f1_b).toBeCloseTo(2 / 3, 12);
    expect(m.recall_other).toBeCloseTo(1 / 3, 12);
    expect(m.accuracy).toBeCloseTo(0.5, 12);
    expect(m.macro_f1).toBeCloseTo(5 / 9, 12);
  });

  it('counts 0/0 as 0, as scikit-learn does with zero_division=0', () => {
    const m = promptfooMetrics([['a', 'a']]);
    expect(m.precision_b).toBe(0);
    expect(m.recall_b).toBe(0);
    expect(m.f1_b).toBe(0);
  });
});
