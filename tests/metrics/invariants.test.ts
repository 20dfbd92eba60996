import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../../src/metrics/index.ts';
import { mulberry32 } from '../../src/metrics/random.ts';
import { MetricsSchema, type CaseRow } from '../../src/report/schema.ts';

/**
 * Invariants over many generated inputs (seeded, so a failure is reproducible from its index),
 * and agreement with a deliberately naive reference implementation written from the textbook
 * definitions over the rows (string comparisons, precision/recall first, F1 as their harmonic mean).
 */

function generate(seed: number): { rows: CaseRow[]; labels: string[] } {
  const rng = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
  const labels = ['a', 'b', 'c', 'd', 'e', 'f'].slice(0, 1 + Math.floor(rng() * 6));
  // Skewed label frequencies, sometimes a label that never occurs, a variable share of right answers.
  const weights = labels.map(() => (rng() < 0.15 ? 0 : rng()));
  const goldOf = () => {
    let r = rng() * weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < labels.length; i++) if ((r -= weights[i]!) <= 0) return labels[i]!;
    return labels[0]!;
  };
  const skill = rng();
  const n = Math.floor(rng() ** 2 * 300);
  const rows = Array.from({ length: n }, (_, i): CaseRow => {
    const gold = rng() < 0.08 ? null : goldOf();
    const r = rng();
    const prediction = r < 0.05 ? 'invalid' : r < 0.08 ? 'error' : gold !== null && rng() < skill ? gold : pick(labels);
    return { id: `case-${i}`, gold, prediction };
  });
  return { rows, labels };
}

function reference(rows: CaseRow[], labels: string[]) {
  const labeled = rows.filter((r) => r.gold !== null);
  const n = labeled.length;
  const div = (a: number, b: number) => (b === 0 ? 0 : a / b);
  const per = labels.map((l) => {
    const tp = labeled.filter((r) => r.gold === l && r.prediction === l).length;
    const support = labeled.filter((r) => r.gold === l).length;
    const predicted = labeled.filter((r) => r.prediction === l).length;
    const precision = div(tp, predicted);
    const recall = div(tp, support);
    return { tp, support, predicted, precision, recall, f1: div(2 * precision * recall, precision + recall) };
  });
  const correct = labeled.filter((r) => r.gold === r.prediction).length;
  const po = div(correct, n);
  const pe = labels.reduce((s, l) => s + div(labeled.filter((r) => r.gold === l).length, n) * div(labeled.filter((r) => r.prediction === l).length, n), 0);
  return {
    n,
    correct,
    per,
    accuracy: div(correct, n),
    macroF1: per.reduce((s, p) => s + p.f1, 0) / labels.length,
    weightedF1: div(
      per.reduce((s, p) => s + p.f1 * p.support, 0),
      n,
    ),
    kappa: 1 - pe === 0 ? 0 : (po - pe) / (1 - pe),
  };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const INPUTS = 400;

describe(`invariants over ${INPUTS} generated inputs`, () => {
  it.each(Array.from({ length: INPUTS }, (_, i) => i))('input %i', (seed) => {
    const { rows, labels } = generate(seed);
    const m = computeMetrics(rows, labels, { resamples: 100 });
    const labeledRows = rows.filter((r) => r.gold !== null);

    expect(MetricsSchema.safeParse(m).success).toBe(true);
    // The matrix sums to the labeled case count; its rows are the supports; support sums to the labeled count.
    expect(m.labeled).toBe(labeledRows.length);
    expect(sum(m.confusion.matrix.flat())).toBe(m.labeled);
    expect(sum(Object.values(m.perLabel).map((p) => p.support))).toBe(m.labeled);
    m.confusion.matrix.forEach((row, i) => expect(sum(row)).toBe(m.perLabel[labels[i]!]!.support));
    // Every labeled case is predicted as a label, invalid, or error.
    expect(sum(Object.values(m.perLabel).map((p) => p.predicted)) + m.invalid + m.error).toBe(m.labeled);
    expect(m.correct).toBe(sum(m.confusion.matrix.map((row, i) => row[i]!)));
    // Shape: label order, extra columns only when used.
    expect(Object.keys(m.perLabel)).toEqual(labels);
    expect(m.confusion.columns).toEqual([...labels, ...(m.invalid > 0 ? ['invalid'] : []), ...(m.error > 0 ? ['error'] : [])]);
    // Ranges and intervals.
    for (const x of [m.accuracy, m.macroF1, m.weightedF1, ...Object.values(m.perLabel).flatMap((p) => [p.precision, p.recall, p.f1])]) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(1);
    }
    expect(m.kappa).toBeLessThanOrEqual(1);
    expect(m.kappa).toBeGreaterThanOrEqual(-1);
    expect(m.accuracyCI.low).toBeLessThanOrEqual(m.accuracy);
    expect(m.accuracyCI.high).toBeGreaterThanOrEqual(m.accuracy);
    expect(m.macroF1CI.low).toBeLessThanOrEqual(m.macroF1CI.high);
    expect(m.macroF1CI.low).toBeGreaterThanOrEqual(0);
    expect(m.macroF1CI.high).toBeLessThanOrEqual(1);
    for (const p of Object.values(m.perLabel)) {
      expect(p.recallCI.low).toBeLessThanOrEqual(p.recall);
      expect(p.recallCI.high).toBeGreaterThanOrEqual(p.recall);
      expect(p.undefinedMetrics?.includes('precision') ?? false).toBe(p.predicted === 0);
      expect(p.undefinedMetrics?.includes('recall') ?? false).toBe(p.support === 0);
      expect(p.undefinedMetrics?.includes('f1') ?? false).toBe(p.support === 0 && p.predicted === 0);
    }

    // Agreement with the naive reference.
    const ref = reference(rows, labels);
    expect(m.correct).toBe(ref.correct);
    expect(m.accuracy).toBe(ref.accuracy);
    labels.forEach((l, i) => {
      const p = m.perLabel[l]!;
      const r = ref.per[i]!;
      expect([p.support, p.predicted]).toEqual([r.support, r.predicted]);
      expect(p.precision).toBeCloseTo(r.precision, 12);
      expect(p.recall).toBeCloseTo(r.recall, 12);
      expect(p.f1).toBeCloseTo(r.f1, 12);
    });
    expect(m.macroF1).toBeCloseTo(ref.macroF1, 12);
    expect(m.weightedF1).toBeCloseTo(ref.weightedF1, 12);
    expect(m.kappa).toBeCloseTo(ref.kappa, 10);
  });
});
