import type { Interval } from '../report/schema.ts';
import { Mulberry32 } from './random.ts';
import { multinomial } from './sampling.ts';

/**
 * Wilson score interval for a proportion successes/n (z = 1.96: 95%). Unlike the normal
 * approximation it stays inside [0, 1] and is usable for small n and for 0% or 100%, which is
 * exactly where classifier test sets live. With n = 0 nothing is known: [0, 1].
 */
export function wilson(successes: number, n: number, z = 1.96): Interval {
  if (!Number.isInteger(successes) || !Number.isInteger(n) || successes < 0 || successes > n) {
    throw new RangeError(`wilson: need whole numbers 0 ≤ successes ≤ n (got ${successes}/${n})`);
  }
  if (n === 0) return { low: 0, high: 1 };
  const p = successes / n;
  const z2n = (z * z) / n;
  const denominator = 1 + z2n;
  const center = (p + z2n / 2) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n));
  return {
    low: successes === 0 ? 0 : Math.max(0, center - half),
    high: successes === n ? 1 : Math.min(1, center + half),
  };
}

/** The q-quantile of sorted values, interpolating linearly between order statistics (numpy's default). */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) throw new RangeError('quantile of no values');
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** The central `level` percentile interval of bootstrap replicates. */
export function percentileInterval(values: ArrayLike<number>, level = 0.95): Interval {
  const sorted = Float64Array.from(values).sort();
  const tail = (1 - level) / 2;
  return { low: quantile(sorted, tail), high: quantile(sorted, 1 - tail) };
}

export interface BootstrapOptions {
  resamples: number;
  seed: number;
}

/**
 * Bootstrap replicates of a statistic that depends on cases only through their category counts
 * (confusion cells; for paired comparisons, joint outcome cells). Drawing n cases with replacement
 * puts Multinomial(n, counts / n) cases in each category, so sampling those counts directly is the
 * ordinary case bootstrap, exactly, at a cost per resample that depends on the number of
 * categories rather than n. The replicates depend only on the counts, their order and the seed.
 * `statistic` gets a reused buffer: read it, do not keep it.
 */
export function bootstrapCounts(counts: ArrayLike<number>, statistic: (sample: Int32Array) => number, options: BootstrapOptions): Float64Array {
  const { resamples, seed } = options;
  if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError(`resamples must be a positive whole number (got ${resamples})`);
  let n = 0;
  for (let i = 0; i < counts.length; i++) n += counts[i]!;
  const rng = new Mulberry32(seed);
  const sample = new Int32Array(counts.length);
  const values = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) values[r] = statistic(multinomial(n, counts, rng, sample));
  return values;
}

/** A seeded percentile-bootstrap interval of a statistic of category counts; see `bootstrapCounts`. */
export function bootstrapInterval(
  counts: ArrayLike<number>,
  statistic: (sample: Int32Array) => number,
  options: BootstrapOptions & { level?: number },
): Interval {
  return percentileInterval(bootstrapCounts(counts, statistic, options), options.level ?? 0.95);
}

/**
 * Newcombe's hybrid score interval for the difference of two independent proportions x1/n1 − x2/n2
 * (Newcombe 1998, "Interval estimation for the difference between independent proportions:
 * comparison of eleven methods", Statistics in Medicine 17:873–890, method 10). It combines the two
 * Wilson intervals: L = d − √((p1 − l1)² + (u2 − p2)²), U = d + √((u1 − p1)² + (p2 − l2)²). Like
 * Wilson's it behaves at 0% and 100% and with few cases, where the Wald interval does not.
 */
export function newcombeDifference(x1: number, n1: number, x2: number, n2: number, z = 1.96): Interval {
  if (n1 < 1 || n2 < 1) throw new RangeError(`newcombeDifference: need at least one case in each sample (got n1 = ${n1}, n2 = ${n2})`);
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const w1 = wilson(x1, n1, z);
  const w2 = wilson(x2, n2, z);
  const d = p1 - p2;
  return {
    low: Math.max(-1, d - Math.sqrt((p1 - w1.low) ** 2 + (w2.high - p2) ** 2)),
    high: Math.min(1, d + Math.sqrt((w1.high - p1) ** 2 + (p2 - w2.low) ** 2)),
  };
}
