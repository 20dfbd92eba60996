import { describe, expect, it } from 'vitest';
import { binomialHalfUpperTail, mcnemarExact } from '../../src/gate/mcnemar.ts';
import { minDetectableDrop, normalQuantile } from '../../src/gate/power.ts';

describe("McNemar's exact test", () => {
  it('b=0, c=5: two-sided p = 2·0.5^5 = 0.0625', () => {
    // Under H0 the 5 discordant pairs are fair coins: P(X ≤ 0) = 0.5^5 = 1/32; doubled: 1/16.
    expect(mcnemarExact(0, 5, 'two-sided')).toBeCloseTo(0.0625, 15);
  });

  it('b=5, c=0: one-sided p (worse) = 0.5^5 = 0.03125, below α = 0.05', () => {
    expect(mcnemarExact(5, 0, 'worse')).toBeCloseTo(0.03125, 15);
    // Four broken of four is not enough at α = 0.05: 0.5^4 = 0.0625.
    expect(mcnemarExact(4, 0, 'worse')).toBeCloseTo(0.0625, 15);
  });

  it('b=0, c=5: nothing got worse, one-sided p = P(X ≥ 0) = 1', () => {
    expect(mcnemarExact(0, 5, 'worse')).toBe(1);
  });

  it('b=1, c=9: two-sided p = 2·(C(10,0)+C(10,1))/2^10 = 22/1024', () => {
    // P(X ≤ 1 | n=10) = (1 + 10)/1024 = 0.0107421875; doubled 0.021484375.
    expect(mcnemarExact(1, 9, 'two-sided')).toBeCloseTo(22 / 1024, 15);
    // The mirror image, one-sided: P(X ≥ 9 | n=10) = (10 + 1)/1024.
    expect(mcnemarExact(9, 1, 'worse')).toBeCloseTo(11 / 1024, 15);
  });

  it('b = c: no evidence either way', () => {
    // b=c=3, n=6: P(X ≤ 3) = (1+6+15+20)/64 = 42/64 > 1/2, so two-sided p = min(1, 2·42/64) = 1.
    expect(mcnemarExact(3, 3, 'two-sided')).toBe(1);
    // One-sided P(X ≥ 3 | n=6) = (20+15+6+1)/64 = 42/64.
    expect(mcnemarExact(3, 3, 'worse')).toBeCloseTo(42 / 64, 15);
    expect(mcnemarExact(0, 0, 'worse')).toBe(1);
    expect(mcnemarExact(0, 0, 'two-sided')).toBe(1);
  });

  it('stays accurate far past 2^-1074 (values from scipy.stats.binomtest)', () => {
    expect(mcnemarExact(600, 400, 'worse')).toBeCloseTo(1.3642320780329735e-10, 20);
    expect(mcnemarExact(60, 10, 'worse') / 4.0024116997278234e-10).toBeCloseTo(1, 10);
    expect(mcnemarExact(60, 10, 'two-sided') / 8.004823399455647e-10).toBeCloseTo(1, 10);
    expect(mcnemarExact(6000, 5000, 'worse') / 7.744975497432302e-22).toBeCloseTo(1, 8);
    expect(binomialHalfUpperTail(3000, 0)).toBe(1);
    expect(binomialHalfUpperTail(3000, 3001)).toBe(0);
    // Symmetry: P(X ≥ k) + P(X ≥ n − k + 1) = 1.
    expect(binomialHalfUpperTail(2001, 1001) + binomialHalfUpperTail(2001, 1001)).toBeCloseTo(1, 11);
  });

  it('rejects impossible counts', () => {
    expect(() => mcnemarExact(-1, 2)).toThrow(RangeError);
    expect(() => mcnemarExact(1.5, 2)).toThrow(RangeError);
  });
});

describe('normal quantile', () => {
  it('matches scipy.stats.norm.ppf', () => {
    expect(normalQuantile(0.95)).toBeCloseTo(1.6448536269514722, 8);
    expect(normalQuantile(0.8)).toBeCloseTo(0.8416212335729143, 8);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 8);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.3263478740408408, 8);
    expect(normalQuantile(0.999)).toBeCloseTo(3.090232306167813, 8);
    expect(normalQuantile(0.5)).toBe(0);
  });
});

describe('minimum detectable drop', () => {
  const zA = 1.6448536269514722; // z_0.95, one-sided α = 0.05
  const zB = 0.8416212335729143; // z_0.80, power 0.8

  it('33 cases, one flip (the case study): about 17.6 points', () => {
    // K = (zA·√33 + zB·√(33 + zB² − zA²)) / (33 + zB²)
    //   = (1.644854·5.744563 + 0.841621·√31.002783) / 33.708326
    //   = (9.448948 + 0.841621·5.567996) / 33.708326 = 14.135093 / 33.708326 = 0.419336
    // Observed discordance 1/33 = 0.0303 < K² = 0.175843, so MDE = K² ≈ 0.1758.
    expect(minDetectableDrop(33, 1 / 33, 0.05, 0.8)).toBeCloseTo(0.175843, 5);
  });

  it('1000 cases with 20% discordant pairs: K·√0.2 ≈ 3.5 points', () => {
    // K = (zA·√1000 + zB·√(1000 + zB² − zA²)) / (1000 + zB²)
    //   = (52.01480 + 0.841621·31.59118) / 1000.708326 = 78.60237 / 1000.708326 = 0.0785467
    // ψ = 0.2 > K², so MDE = K·√0.2 = 0.0785467·0.4472136 = 0.0351273
    // (close to the textbook (zA + zB)·√(ψ/n) = 2.486475·0.0141421 = 0.035164).
    const mde = minDetectableDrop(1000, 0.2, 0.05, 0.8);
    expect(mde).toBeCloseTo(0.0351273, 6);
    // It solves Connor's equation √n·δ = zA·√ψ + zB·√(ψ − δ²).
    expect(Math.sqrt(1000) * mde).toBeCloseTo(zA * Math.sqrt(0.2) + zB * Math.sqrt(0.2 - mde * mde), 7);
  });

  it('shrinks with n and grows with noise; 1 when nothing is detectable', () => {
    expect(minDetectableDrop(330, 0.03, 0.05, 0.8)).toBeLessThan(minDetectableDrop(33, 0.03, 0.05, 0.8));
    expect(minDetectableDrop(1000, 0.3, 0.05, 0.8)).toBeGreaterThan(minDetectableDrop(1000, 0.1, 0.05, 0.8));
    expect(minDetectableDrop(1000, 0.1, 0.05, 0.9)).toBeGreaterThan(minDetectableDrop(1000, 0.1, 0.05, 0.8));
    expect(minDetectableDrop(0, 0, 0.05, 0.8)).toBe(1);
    expect(minDetectableDrop(2, 0, 0.05, 0.8)).toBe(1);
  });
});
