/**
 * The chi-square distribution's upper tail, through the regularized incomplete gamma function:
 * P(χ²_k > x) = Q(k/2, x/2). Q is evaluated as Numerical Recipes does (Press et al., 3rd ed., §6.2):
 * the series for P when x < a + 1, the continued fraction for Q (modified Lentz) otherwise, so
 * whichever of the two is small is computed directly and never as 1 minus something close to 1.
 */

const EPS = 1e-16;
const MAX_ITERATIONS = 100_000;
const TINY = 1e-300;

/** Lanczos approximation (g = 7, 9 terms), relative error below 1e-15 for x > 0. */
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
  9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0. */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma: need x > 0 (got ${x})`);
  // Reflection keeps the approximation where it is accurate.
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** ln of the common factor x^a e^(−x) / Γ(a) of the series and the continued fraction. */
const logPrefactor = (a: number, x: number) => a * Math.log(x) - x - logGamma(a);

/** P(a, x) by its series Σ x^n / (a (a+1) … (a+n)); converges fast for x < a + 1. */
function lowerSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < MAX_ITERATIONS; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPS) return sum * Math.exp(logPrefactor(a, x));
  }
  throw new Error(`regularized gamma: the series did not converge (a = ${a}, x = ${x})`);
}

/** Q(a, x) by its continued fraction (modified Lentz); converges fast for x ≥ a + 1. */
function upperFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) return Math.exp(logPrefactor(a, x)) * h;
  }
  throw new Error(`regularized gamma: the continued fraction did not converge (a = ${a}, x = ${x})`);
}

function checkArgs(a: number, x: number): void {
  if (!(a > 0) || !(x >= 0) || !Number.isFinite(a)) throw new RangeError(`regularized gamma: need a > 0 and x ≥ 0 (got a = ${a}, x = ${x})`);
}

/** The regularized lower incomplete gamma function P(a, x) = γ(a, x) / Γ(a). */
export function regularizedGammaP(a: number, x: number): number {
  checkArgs(a, x);
  if (x === 0) return 0;
  if (x === Infinity) return 1;
  return x < a + 1 ? lowerSeries(a, x) : 1 - upperFraction(a, x);
}

/** The regularized upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a) = 1 − P(a, x). */
export function regularizedGammaQ(a: number, x: number): number {
  checkArgs(a, x);
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  return x < a + 1 ? 1 - lowerSeries(a, x) : upperFraction(a, x);
}

/** P(X > x) for X ~ χ² with `df` degrees of freedom (scipy's `chi2.sf`). */
export function chiSquareSf(x: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`chiSquareSf: need df > 0 (got ${df})`);
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) return 1;
  return regularizedGammaQ(df / 2, x / 2);
}

/**
 * The two-sided standard normal critical value for a confidence level (0.95 → 1.959964), from the
 * chi-square tail with one degree of freedom: P(|Z| > z) = P(χ²₁ > z²). Bisection: 200 halvings of
 * [0, 40] reach the spacing of doubles.
 */
export function normalCritical(level: number): number {
  if (!(level > 0 && level < 1)) throw new RangeError(`normalCritical: need 0 < level < 1 (got ${level})`);
  const tail = 1 - level;
  let lo = 0;
  let hi = 40;
  for (let i = 0; i < 200 && hi - lo > 1e-15; i++) {
    const mid = (lo + hi) / 2;
    if (chiSquareSf(mid * mid, 1) > tail) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export interface ChiSquareTest {
  statistic: number;
  df: number;
  pValue: number;
  /** Cells whose expected count is below 5, where the chi-square approximation is rough (Cochran's rule). */
  lowExpected: number;
}

/**
 * Pearson's chi-square test of homogeneity on an r × k table of counts (rows the samples, columns
 * the categories): Σ (O − E)² / E with E = row total × column total / N, df = (r − 1)(k − 1). Every
 * column must hold a count (callers drop all-zero categories and say so); fewer than two columns or
 * rows leave nothing to test: statistic 0, df 0, p = 1.
 */
export function chiSquareHomogeneity(table: readonly (readonly number[])[]): ChiSquareTest {
  const rows = table.length;
  const cols = table[0]?.length ?? 0;
  const rowTotals = table.map((r) => r.reduce((s, x) => s + x, 0));
  const colTotals = Array.from({ length: cols }, (_, j) => table.reduce((s, r) => s + r[j]!, 0));
  const n = rowTotals.reduce((s, x) => s + x, 0);
  for (const [j, t] of colTotals.entries()) if (t === 0) throw new RangeError(`chiSquareHomogeneity: category ${j} holds no count (drop it first)`);
  for (const [i, t] of rowTotals.entries()) if (t === 0) throw new RangeError(`chiSquareHomogeneity: sample ${i} holds no count`);
  if (rows < 2 || cols < 2) return { statistic: 0, df: 0, pValue: 1, lowExpected: 0 };
  let statistic = 0;
  let lowExpected = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const expected = (rowTotals[i]! * colTotals[j]!) / n;
      if (expected < 5) lowExpected++;
      statistic += (table[i]![j]! - expected) ** 2 / expected;
    }
  }
  const df = (rows - 1) * (cols - 1);
  return { statistic, df, pValue: chiSquareSf(statistic, df), lowExpected };
}
