import { describe, expect, it } from 'vitest';
import { bootstrapCounts, bootstrapInterval, percentileInterval, quantile, wilson } from '../../src/metrics/intervals.ts';
import { mulberry32 } from '../../src/metrics/random.ts';

describe('wilson', () => {
  it('matches a hand-computed interval: 23 of 33 (the case study v1 test accuracy, 69.7%)', () => {
    // p = 23/33 = 0.696970, z = 1.96, z² = 3.8416, z²/n = 3.8416/33 = 0.116412
    // denominator 1 + z²/n = 1.116412
    // centre = (p + z²/2n) / denominator = (0.696970 + 0.058206) / 1.116412 = 0.755176 / 1.116412 = 0.676431
    // radicand = p(1-p)/n + z²/4n² = 0.696970 · 0.303030 / 33 + 3.8416 / 4356 = 0.0064001 + 0.0008819 = 0.0072820
    // half-width = z / denominator · √radicand = 1.96 / 1.116412 · 0.085335 = 1.755624 · 0.085335 = 0.149816
    // interval = 0.676431 ∓ 0.149816 = [0.526615, 0.826247]
    const ci = wilson(23, 33);
    expect(ci.low).toBeCloseTo(0.526615, 5);
    expect(ci.high).toBeCloseTo(0.826247, 5);
  });

  it('0 of n: [0, (z²/n) / (1 + z²/n)], exactly 0 at the bottom', () => {
    // 0/10: z²/n = 0.38416, upper = 0.38416 / 1.38416 = 0.277540
    const ci = wilson(0, 10);
    expect(ci.low).toBe(0);
    expect(ci.high).toBeCloseTo(0.27754, 5);
  });

  it('n of n mirrors 0 of n, exactly 1 at the top', () => {
    const ci = wilson(10, 10);
    expect(ci.high).toBe(1);
    expect(ci.low).toBeCloseTo(1 - 0.27754, 5);
  });

  it('a single case: 1 of 1', () => {
    // z²/n = 3.8416, centre = (1 + 1.9208) / 4.8416 = 0.603272, half = 1.96/4.8416 · √(3.8416/4) = 0.404825 · 0.98 = 0.396728
    expect(wilson(1, 1).low).toBeCloseTo(0.206544, 5);
    expect(wilson(1, 1).high).toBe(1);
  });

  it('no cases: nothing is known, [0, 1]', () => {
    expect(wilson(0, 0)).toEqual({ low: 0, high: 1 });
  });

  it('rejects impossible counts', () => {
    expect(() => wilson(3, 2)).toThrow(RangeError);
    expect(() => wilson(-1, 2)).toThrow(RangeError);
    expect(() => wilson(0.5, 2)).toThrow(RangeError);
  });

  it('takes another z', () => {
    // z = 0: the interval collapses to the point estimate
    const ci = wilson(3, 4, 0);
    expect(ci.low).toBeCloseTo(0.75, 12);
    expect(ci.high).toBeCloseTo(0.75, 12);
  });
});

describe('quantile and percentileInterval', () => {
  it('interpolates linearly between order statistics (numpy default)', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantile([1, 2, 3, 4], 0)).toBe(1);
    expect(quantile([1, 2, 3, 4], 1)).toBe(4);
    expect(quantile([7], 0.95)).toBe(7);
  });

  it('the central 95% of 0..100 is [2.5, 97.5], whatever the input order', () => {
    const values = Array.from({ length: 101 }, (_, i) => (i * 37) % 101);
    const ci = percentileInterval(values);
    expect(ci.low).toBeCloseTo(2.5, 12);
    expect(ci.high).toBeCloseTo(97.5, 12);
  });
});

describe('bootstrapCounts', () => {
  const counts = [30, 10, 5, 55];
  const share = (s: Int32Array) => s[0]! / 100;

  it('is reproducible from its seed, and the seed matters', () => {
    const a = bootstrapCounts(counts, share, { resamples: 200, seed: 7 });
    expect(bootstrapCounts(counts, share, { resamples: 200, seed: 7 })).toEqual(a);
    expect(bootstrapCounts(counts, share, { resamples: 200, seed: 8 })).not.toEqual(a);
  });

  it('each resample has n cases', () => {
    bootstrapCounts(counts, (s) => (expect(s.reduce((x, y) => x + y, 0)).toBe(100), 0), { resamples: 50, seed: 1 });
  });

  it('has the variance of the case bootstrap: p(1-p)/n for a share', () => {
    const values = bootstrapCounts(counts, share, { resamples: 20000, seed: 3 });
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1);
    expect(mean).toBeCloseTo(0.3, 2);
    expect(variance / ((0.3 * 0.7) / 100)).toBeGreaterThan(0.95);
    expect(variance / ((0.3 * 0.7) / 100)).toBeLessThan(1.05);
  });

  it('gives the same interval as resampling the cases one by one', () => {
    // The naive bootstrap: draw 100 cases with replacement, count category 0.
    const cases = counts.flatMap((c, k) => Array<number>(c).fill(k));
    const rng = mulberry32(99);
    const naive = Array.from({ length: 20000 }, () => {
      let hits = 0;
      for (let i = 0; i < cases.length; i++) if (cases[Math.floor(rng() * cases.length)] === 0) hits++;
      return hits / 100;
    });
    const a = percentileInterval(naive);
    const b = bootstrapInterval(counts, share, { resamples: 20000, seed: 5 });
    expect(Math.abs(a.low - b.low)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(a.high - b.high)).toBeLessThanOrEqual(0.01);
  });

  it('rejects a non-positive number of resamples', () => {
    expect(() => bootstrapCounts(counts, share, { resamples: 0, seed: 1 })).toThrow(RangeError);
  });
});
