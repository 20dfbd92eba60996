import { describe, expect, it } from 'vitest';
import { computeMetrics, DEFAULT_RESAMPLES, DEFAULT_SEED } from '../../src/metrics/index.ts';
import { mulberry32 } from '../../src/metrics/random.ts';
import { MetricsSchema, type CaseRow } from '../../src/report/schema.ts';
import { rowsOf } from './helpers.ts';

/** Small cases worked by hand; the arithmetic is in the comments. */

describe('a label with no support', () => {
  // gold a a b, predicted a c b, labels a b c.
  //   a: tp 1, support 2, predicted 1 → P 1/1, R 1/2, F1 2·1/(2+1) = 2/3
  //   b: tp 1, support 1, predicted 1 → 1, 1, 1
  //   c: tp 0, support 0, predicted 1 → P 0/1 = 0 (defined), R 0/0 → 0 (undefined), F1 0/(0+1) = 0 (defined)
  // macro-F1 (2/3 + 1 + 0) / 3 = 5/9; weighted (2·2/3 + 1·1 + 0·0) / 3 = 7/9
  // kappa: n 3, agree 2, rows a2 b1 c0, columns a1 b1 c1, Σ row·col = 2 + 1 + 0 = 3 → (3·2 − 3) / (9 − 3) = 1/2
  const m = computeMetrics(rowsOf(['a', 'a', 'b'], ['a', 'c', 'b']), ['a', 'b', 'c']);
  it('per label', () => {
    expect(m.perLabel.a).toMatchObject({ precision: 1, recall: 0.5, support: 2, predicted: 1 });
    expect(m.perLabel.a!.f1).toBeCloseTo(2 / 3, 15);
    expect(m.perLabel.b).toMatchObject({ precision: 1, recall: 1, f1: 1, support: 1, predicted: 1 });
    expect(m.perLabel.c).toMatchObject({ precision: 0, recall: 0, f1: 0, support: 0, predicted: 1, undefinedMetrics: ['recall'] });
    expect(m.perLabel.c!.recallCI).toEqual({ low: 0, high: 1 });
  });
  it('averages and kappa', () => {
    expect(m.macroF1).toBeCloseTo(5 / 9, 15);
    expect(m.weightedF1).toBeCloseTo(7 / 9, 15);
    expect(m.kappa).toBe(0.5);
    expect(m.accuracy).toBeCloseTo(2 / 3, 15);
    expect(m.undefinedMetrics).toBeUndefined();
  });
});

describe('a label never predicted', () => {
  // gold a b b, predicted a a a.
  //   a: tp 1, support 1, predicted 3 → P 1/3, R 1, F1 2/(1+3) = 1/2
  //   b: tp 0, support 2, predicted 0 → P 0/0 → 0 (undefined), R 0/2 = 0, F1 0/(2+0) = 0 (defined)
  // kappa: agree 1, rows a1 b2, columns a3 b0, Σ = 3 → (3·1 − 3) / (9 − 3) = 0
  const m = computeMetrics(rowsOf(['a', 'b', 'b'], ['a', 'a', 'a']), ['a', 'b']);
  it('flags only the precision', () => {
    expect(m.perLabel.b).toMatchObject({ precision: 0, recall: 0, f1: 0, support: 2, predicted: 0, undefinedMetrics: ['precision'] });
    expect(m.perLabel.a).toMatchObject({ precision: 1 / 3, recall: 1, f1: 0.5 });
    expect(m.macroF1).toBe(0.25);
    expect(m.kappa).toBe(0);
  });
});

describe('all cases invalid', () => {
  // gold a b a b, all invalid: accuracy 0/4; every precision is 0/0; recalls 0/2; F1 0/(2+0) = 0.
  // kappa: agree 0 and no predicted label, so Σ row·col = 0 → (0 − 0) / (16 − 0) = 0, defined.
  // Wilson 0/4: z²/n = 0.9604, upper = 0.9604 / 1.9604 = 0.489900
  const m = computeMetrics(rowsOf(['a', 'b', 'a', 'b'], Array(4).fill('invalid')), ['a', 'b']);
  it('counts them as wrong and shows the invalid column', () => {
    expect(m).toMatchObject({ labeled: 4, correct: 0, accuracy: 0, invalid: 4, error: 0, macroF1: 0, weightedF1: 0, kappa: 0 });
    expect(m.accuracyCI.low).toBe(0);
    expect(m.accuracyCI.high).toBeCloseTo(0.4899, 4);
    expect(m.macroF1CI).toMatchObject({ low: 0, high: 0 });
    expect(m.confusion).toEqual({ labels: ['a', 'b'], columns: ['a', 'b', 'invalid'], matrix: [[0, 0, 2], [0, 0, 2]] });
    expect(m.perLabel.a!.undefinedMetrics).toEqual(['precision']);
    expect(m.undefinedMetrics).toBeUndefined();
  });
});

describe('a single case', () => {
  // gold a, predicted a, labels a b. Accuracy 1/1, Wilson [0.206544, 1] (see intervals.test.ts).
  // b: no support, never predicted → P, R, F1 all 0/0. macro-F1 (1 + 0) / 2 = 0.5.
  // kappa: n 1, agree 1, Σ row·col = 1·1 → (1 − 1) / (1 − 1) = 0/0 → 0, flagged.
  // Every bootstrap resample is that one case again: the macro-F1 interval is the point.
  const m = computeMetrics(rowsOf(['a'], ['a']), ['a', 'b']);
  it('is scored, with the 0/0s flagged', () => {
    expect(m).toMatchObject({ labeled: 1, correct: 1, accuracy: 1, macroF1: 0.5, kappa: 0, undefinedMetrics: ['kappa'] });
    expect(m.accuracyCI.low).toBeCloseTo(0.206544, 5);
    expect(m.perLabel.b!.undefinedMetrics).toEqual(['precision', 'recall', 'f1']);
    expect(m.macroF1CI).toMatchObject({ low: 0.5, high: 0.5 });
  });
  it('an error on a single case: the error column', () => {
    const e = computeMetrics([{ id: 'x', gold: 'a', prediction: 'error', reason: 'timeout' }], ['a', 'b']);
    expect(e).toMatchObject({ labeled: 1, correct: 0, accuracy: 0, error: 1, invalid: 0 });
    expect(e.confusion.columns).toEqual(['a', 'b', 'error']);
    expect(e.confusion.matrix).toEqual([[0, 0, 1], [0, 0, 0]]);
  });
});

describe('unlabeled cases and empty inputs', () => {
  it('rows with gold null count nowhere, not even as invalid or error', () => {
    const rows: CaseRow[] = [...rowsOf(['a', 'b'], ['a', 'a']), { id: 'u1', gold: null, prediction: 'invalid' }, { id: 'u2', gold: null, prediction: 'error' }, { id: 'u3', gold: null, prediction: 'b' }];
    const m = computeMetrics(rows, ['a', 'b']);
    expect(m).toMatchObject({ labeled: 2, correct: 1, invalid: 0, error: 0 });
    expect(m.perLabel.b!.predicted).toBe(0);
    expect(m.confusion.columns).toEqual(['a', 'b']);
  });

  it('no labeled case: every ratio is 0/0, reported as 0 and flagged; intervals are [0, 1]', () => {
    const m = computeMetrics([{ id: 'u', gold: null, prediction: 'a' }], ['a', 'b']);
    expect(m).toMatchObject({ labeled: 0, correct: 0, accuracy: 0, macroF1: 0, weightedF1: 0, kappa: 0 });
    expect(m.undefinedMetrics).toEqual(['accuracy', 'weightedF1', 'kappa']);
    expect(m.accuracyCI).toEqual({ low: 0, high: 1 });
    expect(m.macroF1CI).toMatchObject({ low: 0, high: 1 });
    expect(m.confusion.matrix).toEqual([[0, 0], [0, 0]]);
    expect(MetricsSchema.safeParse(m).success).toBe(true);
  });
});

describe('order', () => {
  const gold = ['other', 'artifact', 'other', 'visualisation', 'other', 'artifact'];
  const pred = ['artifact', 'artifact', 'other', 'other', 'invalid', 'artifact'];
  const labels = ['artifact', 'integrations', 'visualisation', 'other'];

  it('rows, columns and perLabel follow the declared labels, not the data', () => {
    const m = computeMetrics(rowsOf(gold, pred), labels);
    expect(Object.keys(m.perLabel)).toEqual(labels);
    expect(m.confusion.labels).toEqual(labels);
    expect(m.confusion.columns).toEqual([...labels, 'invalid']);
    expect(m.confusion.matrix).toEqual([
      [2, 0, 0, 0, 0],
      [0, 0, 0, 0, 0],
      [0, 0, 0, 1, 0],
      [1, 0, 0, 1, 1],
    ]);
  });

  it('the order of the rows changes nothing, the bootstrap interval included', () => {
    const rows = rowsOf(gold, pred);
    expect(computeMetrics([...rows].reverse(), labels)).toEqual(computeMetrics(rows, labels));
  });
});

describe('the bootstrap seed', () => {
  const rng = mulberry32(5);
  const rows = Array.from({ length: 300 }, (_, i) => ({ id: String(i), gold: rng() < 0.5 ? 'a' : 'b', prediction: rng() < 0.7 ? 'a' : 'b' }));
  it('is recorded with the number of resamples, and reproduces the interval', () => {
    const m = computeMetrics(rows, ['a', 'b']);
    expect(m.macroF1CI).toMatchObject({ seed: DEFAULT_SEED, resamples: DEFAULT_RESAMPLES });
    const again = computeMetrics(rows, ['a', 'b'], { seed: m.macroF1CI.seed, resamples: m.macroF1CI.resamples });
    expect(again.macroF1CI).toEqual(m.macroF1CI);
    expect(m.macroF1CI.low).toBeLessThan(m.macroF1);
    expect(m.macroF1CI.high).toBeGreaterThan(m.macroF1);
  });
  it('another seed gives another (close) interval', () => {
    const a = computeMetrics(rows, ['a', 'b'], { seed: 1, resamples: 500 }).macroF1CI;
    const b = computeMetrics(rows, ['a', 'b'], { seed: 2, resamples: 500 }).macroF1CI;
    expect(a).not.toEqual(b);
    expect(Math.abs(a.low - b.low)).toBeLessThan(0.03);
  });
  it('rejects a seed that cannot be recorded as an integer', () => {
    expect(() => computeMetrics(rows, ['a', 'b'], { seed: 1.5 })).toThrow(RangeError);
  });
});

describe('contract violations are bugs, not silent miscounts', () => {
  it('a gold label outside the label set', () => {
    expect(() => computeMetrics(rowsOf(['z'], ['a']), ['a', 'b'])).toThrow(/gold label "z"/);
  });
  it('a prediction that is neither a label nor invalid/error', () => {
    expect(() => computeMetrics(rowsOf(['a'], ['A']), ['a', 'b'])).toThrow(/prediction "A"/);
  });
  it('a bad label set', () => {
    expect(() => computeMetrics([], [])).toThrow(/at least one label/);
    expect(() => computeMetrics([], ['a', 'a'])).toThrow(/duplicate/);
    expect(() => computeMetrics([], ['a', 'invalid'])).toThrow(/cannot be a label/);
    expect(() => computeMetrics([], ['__proto__'])).toThrow(/cannot be a label/);
  });
});

describe('100,000 cases', () => {
  // 4 labels, case i has gold i % 4 and is right unless i % 10 is 0 or 1 (then predicted (i+1) % 4),
  // and i % 50 === 2 is an error: 20,000 + 2,000 wrong → accuracy 78,000 / 100,000.
  const labels = ['artifact', 'integrations', 'visualisation', 'other'];
  const rows: CaseRow[] = Array.from({ length: 100_000 }, (_, i) => ({
    id: String(i),
    gold: labels[i % 4]!,
    prediction: i % 50 === 2 ? 'error' : i % 10 < 2 ? labels[(i + 1) % 4]! : labels[i % 4]!,
  }));
  const m = computeMetrics(rows, labels);
  it('counts every case once', () => {
    expect(m.labeled).toBe(100_000);
    expect(m.correct).toBe(78_000);
    expect(m.error).toBe(2_000);
    expect(m.confusion.matrix.flat().reduce((a, b) => a + b, 0)).toBe(100_000);
    expect(Object.values(m.perLabel).reduce((s, p) => s + p.support, 0)).toBe(100_000);
  });
  it('has narrow intervals', () => {
    expect(m.accuracyCI.high - m.accuracyCI.low).toBeLessThan(0.006);
    expect(m.macroF1CI.high - m.macroF1CI.low).toBeLessThan(0.008);
    expect(m.macroF1CI.low).toBeLessThan(m.macroF1);
    expect(m.macroF1CI.high).toBeGreaterThan(m.macroF1);
  });
});
