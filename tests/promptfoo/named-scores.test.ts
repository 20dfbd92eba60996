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
    expect(m).toMatchObject({ tally_labeled: 6, tally_correct: 3, tally_tp_a: 1, tally_fp_a: 1, tally_fn_a: 1, tally_tp_b: 1, tally_fp_b: 1, tally_fn_b: 0 });
    expect(m).toMatchObject({ tally_tp_other: 1, tally_fp_other: 0, tally_fn_other: 2, tally_invalid: 1 });
    expect(m).toMatchObject({ tally_cm_a__a: 1, tally_cm_a__b: 1, tally_cm_b__b: 1, tally_cm_other__a: 1, tally_cm_other__other: 1, tally_cm_other__invalid: 1 });
    // Cells no case fell into, and an outcome that never happened, have no sum at all.
    expect(Object.keys(m).filter((k) => k.startsWith('tally_cm_'))).toHaveLength(6);
    expect(m).not.toHaveProperty('tally_error');
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
    expect(m.macro_f1).toBeCloseTo(1 / 3, 12);
  });

  it('a case emits the counts every derived metric reads, plus only its own confusion cell and outcome', () => {
    expect(namedScoresFor('a', 'error', labels)).toEqual({
      tally_labeled: 1,
      tally_correct: 0,
      tally_tp_a: 0,
      tally_fp_a: 0,
      tally_fn_a: 1,
      tally_tp_b: 0,
      tally_fp_b: 0,
      tally_fn_b: 0,
      tally_tp_other: 0,
      tally_fp_other: 0,
      tally_fn_other: 0,
      tally_error: 1,
      tally_cm_a__error: 1,
    });
    // Every name a derived metric reads is one that every case emits.
    const emitted = new Set(Object.keys(namedScoresFor('b', 'b', labels)));
    const metricNames = new Set(derivedMetricsFor(labels).map((m) => m.name));
    for (const m of derivedMetricsFor(labels)) {
      for (const symbol of m.value.match(/[A-Za-z_][A-Za-z0-9_]*/g)!) expect(emitted.has(symbol) || metricNames.has(symbol), `${m.name} reads ${symbol}`).toBe(true);
    }
  });

  it("sort after every metric name the way promptfoo's viewer sorts them, so its header shows metrics first", () => {
    const tricky = ['zebra', 'Alpha-1', '0day', 'other'];
    const counts = new Set<string>();
    for (const gold of tricky) for (const pred of [...tricky, 'invalid', 'error']) for (const k of Object.keys(namedScoresFor(gold, pred, tricky))) counts.add(k);
    const metrics = derivedMetricsFor(tricky).map((m) => m.name);
    // The viewer: Object.entries(namedScores).sort(([a], [b]) => a.localeCompare(b)).slice(0, 10).
    const sorted = [...counts, ...metrics].sort((a, b) => a.localeCompare(b));
    expect(sorted.slice(0, metrics.length).sort()).toEqual([...metrics].sort());
    expect(metrics.some((m) => counts.has(m))).toBe(false);
  });
});
