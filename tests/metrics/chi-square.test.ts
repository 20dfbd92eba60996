import { describe, expect, it } from 'vitest';
import { chiSquareHomogeneity, chiSquareSf, logGamma, normalCritical, regularizedGammaP, regularizedGammaQ } from '../../src/metrics/chi-square.ts';

/**
 * Independent references for the chi-square tail:
 * - even df = 2m: P(χ² > x) = e^(−x/2) Σ_{j<m} (x/2)^j / j! (the Poisson sum), summed here in closed form;
 * - odd df: the density integrated numerically (Simpson's rule) from x to far in the tail;
 * - the published values scipy documents and mpmath computes at 30 digits (`chi2.sf`, scipy 1.17.1;
 *   `mpmath.gammainc(k/2, x/2, inf, regularized=True)`, mpmath 1.3.0), quoted to their digits.
 */

function poissonTail(x: number, df: number): number {
  const m = df / 2;
  let term = Math.exp(-x / 2);
  let sum = 0;
  for (let j = 0; j < m; j++) {
    sum += term;
    term *= x / 2 / (j + 1);
  }
  return sum;
}

/** ∫_x^∞ of the χ²_k density by Simpson's rule, with Γ(k/2) for odd k from Γ(1/2) = √π upwards. */
function integratedTail(x: number, df: number, upper = x + 400, steps = 100_000): number {
  let gammaHalf = Math.sqrt(Math.PI);
  for (let a = 0.5; a < df / 2; a += 1) gammaHalf *= a;
  const density = (t: number) => Math.pow(t, df / 2 - 1) * Math.exp(-t / 2) / (Math.pow(2, df / 2) * gammaHalf);
  const h = (upper - x) / steps;
  let s = density(x) + density(upper);
  for (let i = 1; i < steps; i++) s += (i % 2 === 1 ? 4 : 2) * density(x + i * h);
  return (s * h) / 3;
}

const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('logGamma', () => {
  it('matches factorials and Γ(1/2) = √π', () => {
    let factorial = 1;
    for (let n = 1; n <= 30; n++) {
      const exact = Math.log((factorial *= n));
      expect(Math.abs(logGamma(n + 1) - exact), `${n}!`).toBeLessThan(1e-13 * Math.max(1, exact));
    }
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 14);
    expect(logGamma(1)).toBeCloseTo(0, 14);
  });
});

describe('chiSquareSf against independent values', () => {
  it("scipy's documented values: chi2.sf(3.84, 1), chi2.sf(10, 3), chi2.sf(100, 50)", () => {
    // scipy 1.17.1 chi2.sf; mpmath at 30 digits agrees to every digit quoted.
    expect(relative(chiSquareSf(3.84, 1), 0.05004352124870519)).toBeLessThan(1e-12);
    expect(relative(chiSquareSf(10, 3), 0.01856613546304325)).toBeLessThan(1e-12);
    // chi2.sf(100, 50) is 3.4549e-5 (not 3.2e-5); df 50 is even, so the Poisson sum gives it exactly too.
    expect(relative(chiSquareSf(100, 50), 3.454931382984871e-5)).toBeLessThan(1e-11);
    expect(relative(chiSquareSf(100, 50), poissonTail(100, 50))).toBeLessThan(1e-12);
  });

  it('even degrees of freedom: the closed-form Poisson sum, from the body to far in the tail', () => {
    for (const df of [2, 4, 6, 10, 20, 50, 100]) {
      for (const x of [0.01, 0.5, 1, df / 2, df, 2 * df, 5 * df + 50]) {
        expect(relative(chiSquareSf(x, df), poissonTail(x, df)), `df ${df}, x ${x}`).toBeLessThan(1e-12);
      }
    }
  });

  it('odd degrees of freedom: the density integrated numerically', () => {
    for (const [x, df] of [
      [3.84, 1],
      [10, 3],
      [7.815, 3],
      [0.7, 5],
      [20, 9],
      [40, 21],
    ] as const) {
      expect(relative(chiSquareSf(x, df), integratedTail(x, df)), `df ${df}, x ${x}`).toBeLessThan(1e-9);
    }
  });

  it('tiny and large values (mpmath at 30 digits, rounded to doubles)', () => {
    expect(relative(chiSquareSf(300, 4), 1.083439491947826e-63)).toBeLessThan(1e-11);
    expect(relative(chiSquareSf(30, 1), 4.320463057827497e-8)).toBeLessThan(1e-11);
    expect(relative(chiSquareSf(1500, 1400), 0.03150372098939239)).toBeLessThan(1e-10);
    expect(relative(chiSquareSf(1e-3, 1), 0.9747728793699604)).toBeLessThan(1e-13);
    expect(chiSquareSf(0, 3)).toBe(1);
  });

  it('P + Q = 1 on both sides of the switch between series and continued fraction', () => {
    for (const a of [0.5, 1, 3.5, 25, 700]) {
      for (const x of [a / 3, a + 0.999, a + 1, a + 1.001, 3 * a + 5]) {
        expect(regularizedGammaP(a, x) + regularizedGammaQ(a, x)).toBeCloseTo(1, 13);
      }
    }
  });

  it('refuses what is not a distribution', () => {
    expect(() => chiSquareSf(1, 0)).toThrow(RangeError);
    expect(() => regularizedGammaQ(-1, 1)).toThrow(RangeError);
  });
});

describe('normalCritical', () => {
  it('the two-sided critical values of the standard normal', () => {
    expect(normalCritical(0.95)).toBeCloseTo(1.959963984540054, 12);
    expect(normalCritical(0.99)).toBeCloseTo(2.5758293035489004, 12);
    expect(normalCritical(0.9)).toBeCloseTo(1.6448536269514722, 12);
  });
});

describe('chiSquareHomogeneity', () => {
  it('a 2 × 3 table worked by hand', () => {
    // earlier: 30, 50, 20 (100 cases); later: 45, 40, 15 (100 cases). Column totals 75, 90, 35; N = 200.
    // Both rows hold 100, so each row expects 100 · total / 200: 37.5, 45, 17.5.
    // (O − E)² / E, earlier row: (30 − 37.5)²/37.5 = 56.25/37.5 = 1.5; (50 − 45)²/45 = 25/45 = 0.5556;
    // (20 − 17.5)²/17.5 = 6.25/17.5 = 0.3571. The later row deviates by the same amounts the other way:
    // the same three terms. χ² = 2 · (1.5 + 5/9 + 5/14) = 4.825397; df = (2 − 1)(3 − 1) = 2.
    // With df = 2 the tail is exactly e^(−χ²/2) = e^(−2.4126984) = 0.0895733.
    const t = chiSquareHomogeneity([
      [30, 50, 20],
      [45, 40, 15],
    ]);
    expect(t.statistic).toBeCloseTo(2 * (1.5 + 5 / 9 + 5 / 14), 12);
    expect(t.statistic).toBeCloseTo(4.825397, 6);
    expect(t.df).toBe(2);
    expect(t.pValue).toBeCloseTo(Math.exp(-t.statistic / 2), 14);
    expect(t.pValue).toBeCloseTo(0.0895733, 6);
    expect(t.lowExpected).toBe(0);
  });

  it('unequal row totals, and counts where the approximation is rough', () => {
    // earlier: 8, 2 (10 cases); later: 10, 10 (20). Column totals 18, 12; N = 30.
    // E earlier: 10·18/30 = 6, 10·12/30 = 4; E later: 12, 8. Terms: 4/6 + 4/4 + 4/12 + 4/8 = 2.5; df 1.
    // One cell expects fewer than 5 (the earlier row's second, 4). P(χ²₁ > 2.5) = erfc(√1.25) = 0.113846 (scipy: 0.11384629800665802).
    const t = chiSquareHomogeneity([
      [8, 2],
      [10, 10],
    ]);
    expect(t.statistic).toBeCloseTo(2.5, 12);
    expect(t.df).toBe(1);
    expect(t.lowExpected).toBe(1);
    expect(t.pValue).toBeCloseTo(0.113846, 6);
  });

  it('an all-zero category must be dropped by the caller; one category leaves nothing to test', () => {
    expect(() =>
      chiSquareHomogeneity([
        [1, 0],
        [2, 0],
      ]),
    ).toThrow(/holds no count/);
    expect(chiSquareHomogeneity([[5], [7]])).toEqual({ statistic: 0, df: 0, pValue: 1, lowExpected: 0 });
  });
});
