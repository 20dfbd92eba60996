/**
 * McNemar's exact test on paired outcomes. Only the discordant pairs carry information: b cases
 * the baseline got right and the candidate wrong ("broken"), c the other way round ("fixed").
 * Under "no difference" each discordant pair is a fair coin, so b ~ Binomial(b + c, 1/2).
 */

export type Alternative = 'worse' | 'two-sided';

/**
 * The p-value of b broken against c fixed. `worse` (the gate's test) is one-sided, H1: the
 * candidate breaks more than it fixes, p = P(X ≥ b). `two-sided` is
 * min(1, 2·min(P(X ≤ b), P(X ≥ b))), the usual textbook definition (and scipy/statsmodels').
 */
export function mcnemarExact(b: number, c: number, alternative: Alternative = 'worse'): number {
  if (!Number.isInteger(b) || !Number.isInteger(c) || b < 0 || c < 0) {
    throw new RangeError(`mcnemarExact: need whole numbers b, c ≥ 0 (got ${b}, ${c})`);
  }
  const n = b + c;
  if (n === 0) return 1;
  const upper = binomialHalfUpperTail(n, b);
  if (alternative === 'worse') return upper;
  // P(X ≤ b) = P(X ≥ n − b) by the symmetry of Binomial(n, ½): summed directly, never as
  // 1 − P(X ≥ b + 1), which cancels to nothing when the lower tail is tiny.
  const lower = binomialHalfUpperTail(n, n - b);
  return Math.min(1, 2 * Math.min(lower, upper));
}

/**
 * P(X ≥ k) for X ~ Binomial(n, 1/2), summed in log space from the largest term so that it stays
 * exact to rounding for any n (2^-n underflows past n ≈ 1074).
 */
export function binomialHalfUpperTail(n: number, k: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  // log C(n, j) − n·log 2 for j = k..n, by the ratio C(n, j+1)/C(n, j) = (n − j)/(j + 1).
  let logTerm = logChoose(n, k) - n * Math.LN2;
  const terms: number[] = [];
  for (let j = k; j <= n; j++) {
    terms.push(logTerm);
    logTerm += Math.log((n - j) / (j + 1));
  }
  const max = terms.reduce((m, t) => (t > m ? t : m), -Infinity);
  let sum = 0;
  for (const t of terms) sum += Math.exp(t - max);
  return Math.min(1, Math.exp(max) * sum);
}

function logChoose(n: number, k: number): number {
  const m = Math.min(k, n - k);
  let s = 0;
  for (let i = 1; i <= m; i++) s += Math.log((n - m + i) / i);
  return s;
}
