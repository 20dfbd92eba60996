import { describe, expect, it } from 'vitest';
import { binomialHalfUpperTail, mcnemarExact } from '../../src/gate/mcnemar.ts';
import { adjustFamily, familyWeights } from '../../src/gate/multiplicity.ts';
import { binomialUpperTail, casesNeeded, minDetectableDrop, regressionPower, type RuleTest } from '../../src/gate/power.ts';

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

  it('two-sided p stays exact when the lower tail is tiny (scipy.stats.binomtest)', () => {
    expect(mcnemarExact(10, 100, 'two-sided') / 8.009521189255448e-20).toBeCloseTo(1, 10);
    expect(mcnemarExact(1499, 2463, 'two-sided') / 2.377028020362065e-53).toBeCloseTo(1, 8);
    expect(mcnemarExact(0, 40, 'two-sided') / 1.8189894035458565e-12).toBeCloseTo(1, 12);
    expect(mcnemarExact(200, 260, 'two-sided') / 0.0058839224731039984).toBeCloseTo(1, 10);
  });

  it('two-sided p agrees with exact rational enumeration (BigInt) in both directions', () => {
    for (const [b, c] of [
      [7, 93],
      [93, 7],
      [40, 160],
      [1, 300],
      [250, 251],
    ] as const) {
      const exact = exactTwoSided(b, c);
      expect(mcnemarExact(b, c, 'two-sided') / exact).toBeCloseTo(1, 10);
    }
  });

  it('rejects impossible counts', () => {
    expect(() => mcnemarExact(-1, 2)).toThrow(RangeError);
    expect(() => mcnemarExact(1.5, 2)).toThrow(RangeError);
  });
});

/** Two-sided exact McNemar p by exact integer arithmetic: 2·Σ C(n, j) over the smaller tail, / 2^n. */
function exactTwoSided(b: number, c: number): number {
  const n = b + c;
  const choose: bigint[] = [1n];
  for (let j = 1; j <= n; j++) choose.push((choose[j - 1]! * BigInt(n - j + 1)) / BigInt(j));
  let lower = 0n;
  let upper = 0n;
  for (let j = 0; j <= b; j++) lower += choose[j]!;
  for (let j = b; j <= n; j++) upper += choose[j]!;
  const tail = lower < upper ? lower : upper;
  return ratio(2n * tail, 2n ** BigInt(n));
}

/** num/den as a double, exact to rounding even when both overflow a double. */
function ratio(num: bigint, den: bigint): number {
  if (num === 0n) return 0;
  const shift = BigInt(den.toString(2).length - num.toString(2).length + 60);
  const scaled = shift > 0n ? (num << shift) / den : num / (den << -shift);
  return Number(scaled) * 2 ** -Number(shift);
}

/**
 * The gate's regression power by brute force, written differently from power.ts: every (b, c) of
 * the trinomial (broken, fixed, unchanged) enumerated, each tested with an exact BigInt p-value.
 */
function bruteForcePower(t: RuleTest, drop: number): number {
  const { n, flipShare: f, allowance, level } = t;
  const pb = f / 2 + drop;
  const pf = f / 2;
  const lf = [0];
  for (let k = 1; k <= n; k++) lf.push(lf[k - 1]! + Math.log(k));
  let total = 0;
  for (let b = 0; b <= n; b++) {
    for (let c = 0; c + b <= n; c++) {
      if (!((b - c) / n > allowance)) continue;
      if (!(upperTailExact(b, b + c) < level)) continue;
      const kLogP = (k: number, p: number): number => (k === 0 ? 0 : k * Math.log(p));
      const logP = lf[n]! - lf[b]! - lf[c]! - lf[n - b - c]! + kLogP(b, pb) + kLogP(c, pf) + kLogP(n - b - c, 1 - pb - pf);
      total += Math.exp(logP);
    }
  }
  return total;
}

const tailCache = new Map<string, number>();
function upperTailExact(b: number, m: number): number {
  const key = `${b},${m}`;
  let v = tailCache.get(key);
  if (v === undefined) {
    let choose = 1n;
    let sum = 0n;
    for (let j = 0; j <= m; j++) {
      if (j >= b) sum += choose;
      choose = (choose * BigInt(m - j)) / BigInt(j + 1);
    }
    v = ratio(sum, 2n ** BigInt(m));
    tailCache.set(key, v);
  }
  return v;
}

describe('exact power of the regression rule', () => {
  it('matches a scipy trinomial enumeration', () => {
    // scipy.stats: Σ multinomial.pmf([b, c, n−b−c], n, [f/2+δ, f/2, …]) over (b−c)/n > a and binom.sf(b−1, b+c, ½) < level.
    expect(regressionPower({ n: 200, flipShare: 0.1, allowance: 0.02, level: 0.025 }, 0.06)).toBeCloseTo(0.4976718442461492, 9);
    expect(regressionPower({ n: 60, flipShare: 0.15, allowance: 0.05, level: 0.00625 }, 0.2)).toBeCloseTo(0.493359941592647, 9);
  });

  it('matches the brute-force enumeration across sizes, noise and levels', () => {
    for (const t of [
      { n: 12, flipShare: 0.15, allowance: 0.05, level: 0.05 },
      { n: 33, flipShare: 1 / 33, allowance: 0.02, level: 0.025 },
      { n: 47, flipShare: 0.08, allowance: 0.05, level: 0.00833 },
      { n: 150, flipShare: 0.3, allowance: 0.02, level: 0.01 },
    ]) {
      for (const drop of [0, 0.03, 0.1, 0.25]) expect(regressionPower(t, drop)).toBeCloseTo(bruteForcePower(t, drop), 9);
    }
  });

  it('under "nothing changed" the rule fails with probability at most its level', () => {
    for (const n of [12, 50, 285, 1000, 5000]) {
      for (const f of [0.02, 0.08, 0.15, 0.4]) expect(regressionPower({ n, flipShare: f, allowance: 0, level: 0.05 }, 0)).toBeLessThanOrEqual(0.05);
    }
  });

  it('binomial tails agree with direct summation in both branches', () => {
    for (const [n, p, k] of [
      [40, 0.3, 5],
      [40, 0.3, 20],
      [1000, 0.5, 540],
      [1000, 0.02, 10],
    ] as const) {
      let direct = 0;
      for (let j = k; j <= n; j++) direct += Math.exp(logChoose(n, j) + j * Math.log(p) + (n - j) * Math.log(1 - p));
      expect(binomialUpperTail(n, p, k)).toBeCloseTo(direct, 12);
    }
  });
});

function logChoose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log((n - k + i) / i);
  return s;
}

describe('minimum detectable drop', () => {
  it('is the drop where the exact power reaches the target (brute force on both sides)', () => {
    for (const t of [
      { n: 33, flipShare: 1 / 33, allowance: 0.02, level: 0.025 },
      { n: 12, flipShare: 0.15, allowance: 0.05, level: 0.05 },
      { n: 120, flipShare: 0.15, allowance: 0.05, level: 0.0125 },
    ]) {
      const mde = minDetectableDrop(t, 0.8);
      expect(mde).toBeGreaterThan(t.allowance);
      expect(bruteForcePower(t, mde)).toBeGreaterThanOrEqual(0.8);
      expect(bruteForcePower(t, mde - 0.0002)).toBeLessThan(0.8);
    }
    // Twelve cases at level 0.00625: even every flipped case breaking (δ = 1 − f) is caught less than 80% of the time.
    const tiny = { n: 12, flipShare: 0.15, allowance: 0.05, level: 0.00625 };
    expect(bruteForcePower(tiny, 0.85)).toBeLessThan(0.8);
    expect(minDetectableDrop(tiny, 0.8)).toBe(1);
  });

  it('is never below the allowance, even on a huge sample', () => {
    // 100,000 quiet cases: the test detects a fraction of a point, the allowance is what binds.
    const mde = minDetectableDrop({ n: 100_000, flipShare: 0.02, allowance: 0.02, level: 0.025 }, 0.8);
    expect(mde).toBeGreaterThan(0.02);
    expect(mde).toBeLessThan(0.0215);
  });

  it('shrinks with n and grows with noise and power; 1 when nothing is detectable', () => {
    const t = { flipShare: 0.1, allowance: 0.02, level: 0.025 };
    expect(minDetectableDrop({ ...t, n: 1000 }, 0.8)).toBeLessThan(minDetectableDrop({ ...t, n: 300 }, 0.8));
    expect(minDetectableDrop({ ...t, n: 1000, flipShare: 0.3 }, 0.8)).toBeGreaterThan(minDetectableDrop({ ...t, n: 1000 }, 0.8));
    expect(minDetectableDrop({ ...t, n: 1000 }, 0.9)).toBeGreaterThan(minDetectableDrop({ ...t, n: 1000 }, 0.8));
    expect(minDetectableDrop({ ...t, n: 0 }, 0.8)).toBe(1);
    // Two cases: at best ½² = 0.25 > level, never significant.
    expect(minDetectableDrop({ ...t, n: 2 }, 0.8)).toBe(1);
  });

  it('cases needed: the power is reached there and not one bisection step before', () => {
    const t = { flipShare: 0.1, allowance: 0.02, level: 0.025 };
    const n = casesNeeded(t, 0.03, 0.8)!;
    // Normal approximation as a sanity bound: (z_.975 + z_.8)²·ψ/δ² with ψ = 0.13 is about 1130.
    expect(n).toBeGreaterThan(1000);
    expect(n).toBeLessThan(1400);
    expect(regressionPower({ ...t, n }, 0.03)).toBeGreaterThanOrEqual(0.8);
    expect(regressionPower({ ...t, n: n - 1 }, 0.03)).toBeLessThan(0.8);
    expect(casesNeeded(t, 0.02, 0.8)).toBeNull(); // within the allowance: never blocked
    expect(casesNeeded({ flipShare: 0.1, allowance: 0.05, level: 0.00625 }, 0.1, 0.8, 50)).toBeNull();
  });
});

describe('multiplicity: weighted Holm over the rules that can fail', () => {
  it('weights: each variant an equal share, accuracy its share of it, labels the rest', () => {
    expect(familyWeights([3], 0.5)).toEqual([[0.5, 1 / 6, 1 / 6, 1 / 6]]);
    expect(familyWeights([2, 0], 0.5)).toEqual([[0.25, 0.125, 0.125], [0.5]]);
  });

  it('Holm by hand: adjusted p = running max of p/w × remaining weight', () => {
    const rule = (pValue: number, weight: number) => ({ n: 100, discordant: 40, allowance: 0.02, drop: 0.1, pValue, weight });
    // Equal weights 1/4: ordered p 0.001, 0.01, 0.02, 0.04 → 0.004, 0.03, 0.04, 0.04 (max(0.02·2, 0.03) then max(0.04·1)).
    const adjusted = adjustFamily([rule(0.02, 0.25), rule(0.001, 0.25), rule(0.04, 0.25), rule(0.01, 0.25)], 0.05);
    expect(adjusted.map((a) => a.adjustedP)).toEqual([0.04, 0.004, 0.04, 0.03].map((x) => expect.closeTo(x, 15)));
    expect(adjusted.every((a) => a.fails)).toBe(true);
    expect(adjusted[0]!.level).toBeCloseTo(0.0125, 15);
    // Weighted: accuracy ½ at p = 0.03 → 0.06; fails alone under Bonferroni-at-weights? No: 0.03 > 0.025.
    const weighted = adjustFamily([rule(0.03, 0.5), rule(0.2, 0.25), rule(0.5, 0.25)], 0.05);
    expect(weighted[0]!.adjustedP).toBeCloseTo(0.06, 15);
    expect(weighted.some((a) => a.fails)).toBe(false);
  });

  it('rules that cannot fail leave the family and give their weight back', () => {
    // A label with 4 discordant pairs: ½⁴ = 0.0625 is never below any level ≤ α.
    // A label whose drop could never exceed its allowance: 2 discordant of 100 with a 5% allowance.
    const adjusted = adjustFamily(
      [
        { n: 300, discordant: 30, allowance: 0.02, drop: 0.04, pValue: 0.03, weight: 0.5 },
        { n: 12, discordant: 4, allowance: 0.05, drop: 0.33, pValue: 0.0625, weight: 0.25 },
        { n: 100, discordant: 2, allowance: 0.05, drop: 0.02, pValue: 0.25, weight: 0.25 },
      ],
      0.05,
    );
    expect(adjusted.map((a) => a.tested)).toEqual([true, false, false]);
    expect(adjusted[0]).toMatchObject({ level: 0.05, adjustedP: 0.03, fails: true });
  });

  it('a drop within the allowance never fails, whatever its p', () => {
    const adjusted = adjustFamily([{ n: 10_000, discordant: 250, allowance: 0.02, drop: 0.005, pValue: 0.001, weight: 1 }], 0.05);
    expect(adjusted[0]).toMatchObject({ tested: true, adjustedP: 1, fails: false });
  });
});
