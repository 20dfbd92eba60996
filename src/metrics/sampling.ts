import type { RandomSource } from './random.ts';

/**
 * Exact binomial and multinomial samplers. They let a bootstrap resample a confusion matrix's
 * counts directly, in time that depends on the number of cells, not the number of cases.
 */

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** log(k!) minus its Stirling approximation: computed exactly for small k, by the asymptotic series otherwise. */
function stirlingTail(k: number): number {
  if (k <= 9) {
    let logFactorial = 0;
    for (let i = 2; i <= k; i++) logFactorial += Math.log(i);
    return logFactorial - (HALF_LOG_2PI + (k + 0.5) * Math.log(k + 1) - (k + 1));
  }
  const kp1sq = (k + 1) * (k + 1);
  return (1 / 12 - (1 / 360 - 1 / 1260 / kp1sq) / kp1sq) / (k + 1);
}

/** Counts the successes among n trials by summing geometric waiting times; expected cost n·p + 1 draws. */
function binomialInversion(n: number, p: number, rng: RandomSource): number {
  const logQ = Math.log1p(-p);
  let trials = 0;
  let successes = 0;
  for (;;) {
    trials += Math.ceil(Math.log(rng.next()) / logQ);
    if (trials > n) return successes;
    successes++;
  }
}

/**
 * Hörmann's BTRS (transformed rejection with squeeze), W. Hörmann, "The generation of binomial
 * random variates", J. Statist. Comput. Simul. 46 (1993): constant expected cost for n·p ≥ 10.
 * Requires p ≤ 0.5.
 */
function binomialBtrs(n: number, p: number, rng: RandomSource): number {
  const spq = Math.sqrt(n * p * (1 - p));
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const vr = 0.92 - 4.2 / b;
  const r = p / (1 - p);
  const alpha = (2.83 + 5.1 / b) * spq;
  const m = Math.floor((n + 1) * p);
  const modeTerms = (m + 0.5) * Math.log((m + 1) / (r * (n - m + 1))) + stirlingTail(m) + stirlingTail(n - m);
  for (;;) {
    const u = rng.next() - 0.5;
    const v = rng.next();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    if (us >= 0.07 && v <= vr) return k;
    const logV = Math.log((v * alpha) / (a / (us * us) + b));
    const bound =
      modeTerms +
      (n + 1) * Math.log((n - m + 1) / (n - k + 1)) +
      (k + 0.5) * Math.log((r * (n - k + 1)) / (k + 1)) -
      stirlingTail(k) -
      stirlingTail(n - k);
    if (logV <= bound) return k;
  }
}

/** One draw from Binomial(n, p). */
export function binomial(n: number, p: number, rng: RandomSource): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomial(n, 1 - p, rng);
  return n * p < 10 ? binomialInversion(n, p, rng) : binomialBtrs(n, p, rng);
}

/**
 * One draw from Multinomial(n, weights / Σweights) into `out`, by conditional binomials: category
 * i gets Binomial(remaining draws, w_i / remaining weight). Integer weights keep every ratio exact.
 */
export function multinomial(n: number, weights: ArrayLike<number>, rng: RandomSource, out: Int32Array): Int32Array {
  let remainingWeight = 0;
  for (let i = 0; i < weights.length; i++) remainingWeight += weights[i]!;
  let remaining = n;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]!;
    let x = 0;
    if (remaining > 0 && w > 0) x = w >= remainingWeight ? remaining : binomial(remaining, w / remainingWeight, rng);
    out[i] = x;
    remaining -= x;
    remainingWeight -= w;
  }
  return out;
}
