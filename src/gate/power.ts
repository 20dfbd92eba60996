/**
 * The power of the gate's regression decision, computed exactly, and what follows from it: the
 * minimum detectable drop (MDE) a rule states, and how many cases a rule needs to detect a drop.
 *
 * The model of a pull request on n paired cases: nondeterminism flips a share f of the cases at
 * random, half each way, and a real regression of δ breaks δ·n more. Each case is independently
 * broken (right → wrong) with probability f/2 + δ, fixed with probability f/2, unchanged otherwise.
 * The rule fails when the observed drop (b − c)/n exceeds the allowance AND McNemar's exact
 * one-sided p, P(X ≥ b | X ~ Binomial(b + c, ½)), is below the rule's level. Its power is
 *
 *   Σ_m P(M = m) · P(B ≥ crit(m) | M = m),   M ~ Binomial(n, f + δ),  B | M ~ Binomial(M, q),
 *
 * with q = (f/2 + δ)/(f + δ) and crit(m) the fewest broken of m discordant pairs that fail the rule
 * (both conditions are monotone in b at fixed m, so the failing b form an upper tail). Sums run in
 * log space from each distribution's mode outward and stop when terms no longer change the sum, so
 * n of 100,000 costs milliseconds.
 */

/** A rule's test, as the power calculation needs it. */
export interface RuleTest {
  /** Paired cases the rule is judged on. */
  n: number;
  /** Share of cases flipped by noise alone, half each way (the discordance of an unchanged change). */
  flipShare: number;
  /** The rule's allowed drop: a drop at or below it never fails. */
  allowance: number;
  /** The level the one-sided p must be below (after the multiplicity adjustment). */
  level: number;
}

/** Terms smaller than this share of the running sum no longer change a double. */
const NEGLIGIBLE = 1e-17;
/** For power sums, which are stated to a tenth of a point, a looser cut is plenty. */
const NEGLIGIBLE_FOR_POWER = 1e-13;

/** P(the rule fails) when the true drop is `drop`. */
export function regressionPower(test: RuleTest, drop: number): number {
  const { n, flipShare: f, allowance, level } = test;
  const broken = f / 2 + drop;
  const psi = f + drop;
  if (n <= 0 || psi <= 0 || broken <= 0) return 0;
  if (psi > 1 + 1e-12) throw new RangeError(`regressionPower: flip share ${f} plus drop ${drop} exceed 1`);
  const q = Math.min(1, broken / psi);
  const outer = binomialPmfs(n, Math.min(1, psi));
  let crit = -1;
  let power = 0;
  for (let i = 0; i < outer.pmf.length; i++) {
    const m = outer.start + i;
    crit = crit < 0 ? firstSignificant(m, level) : nextSignificant(m, crit, level);
    const b = Math.max(crit, fewestBrokenAbove(m, n, allowance));
    if (b > m) continue;
    power += outer.pmf[i]! * binomialUpperTail(m, q, b, NEGLIGIBLE_FOR_POWER);
  }
  return Math.min(1, power);
}

/**
 * The smallest true drop the rule detects with probability `power` (by bisection to 0.01 points;
 * power rises with the drop), or 1 when no drop is detectable at this n. Never below the allowance:
 * at a true drop equal to the allowance the observed drop exceeds it only about half the time.
 */
export function minDetectableDrop(test: RuleTest, power: number): number {
  if (!(power >= 0.5 && power < 1)) throw new RangeError(`minDetectableDrop: power must be in [0.5, 1) (got ${power})`);
  const key = `${test.n}|${test.flipShare}|${test.allowance}|${test.level}|${power}`;
  const cached = mdeCache.get(key);
  if (cached !== undefined) return cached;
  const highest = 1 - test.flipShare;
  const reaches = (drop: number): boolean => regressionPower(test, drop) >= power;
  let result = 1;
  if (test.n > 0 && highest > test.allowance && reaches(highest)) {
    // Bracket from the allowance upward in steps of the drop's standard error, doubling, then
    // bisect: a handful of power evaluations, all at small drops, which are the cheap ones.
    let lo = test.allowance;
    let step = Math.max(1e-3, Math.sqrt((test.flipShare + test.allowance) / test.n));
    let hi = Math.min(highest, lo + step);
    while (!reaches(hi)) {
      lo = hi;
      step *= 2;
      hi = Math.min(highest, lo + step);
    }
    while (hi - lo > 1e-4) {
      const mid = (lo + hi) / 2;
      if (reaches(mid)) hi = mid;
      else lo = mid;
    }
    result = hi;
  }
  if (mdeCache.size > 10_000) mdeCache.clear();
  mdeCache.set(key, result);
  return result;
}
const mdeCache = new Map<string, number>();

/**
 * The fewest paired cases at which the rule detects a true `drop` with probability `power`, or
 * null when the drop is within the allowance (never blocked) or needs more than `max` cases. Power
 * of an exact test is not monotone in n (it saw-tooths as the critical value steps), so this is the
 * first n of a doubling-then-bisecting search at which the power is reached, exact to a few cases.
 */
export function casesNeeded(test: Omit<RuleTest, 'n'>, drop: number, power: number, max = 1_000_000): number | null {
  if (drop <= test.allowance || test.flipShare + drop > 1) return null;
  const ok = (n: number): boolean => regressionPower({ ...test, n }, drop) >= power;
  let hi = 8;
  while (!ok(hi)) {
    if (hi >= max) return null;
    hi = Math.min(max, hi * 2);
  }
  let lo = Math.floor(hi / 2);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (ok(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The fewest broken of m discordant pairs whose drop (b − (m − b))/n exceeds the allowance. */
function fewestBrokenAbove(m: number, n: number, allowance: number): number {
  // Computed as the rule computes the drop, so the two agree at the boundary to the last bit.
  const exceeds = (b: number): boolean => (b - (m - b)) / n > allowance;
  let b = Math.max(0, Math.floor((m + allowance * n) / 2));
  while (b > 0 && exceeds(b - 1)) b--;
  while (b <= m && !exceeds(b)) b++;
  return b;
}

/** The fewest broken of m discordant pairs with P(X ≥ b | m, ½) < level (m + 1 if none). */
function firstSignificant(m: number, level: number): number {
  let lo = Math.floor(m / 2);
  let hi = m + 1;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (binomialUpperTail(m, 0.5, mid) < level) hi = mid;
    else lo = mid;
  }
  return binomialUpperTail(m, 0.5, lo) < level ? lo : hi;
}

/**
 * The same for m, given the answer for m − 1: P_m(X ≥ b) = ½P_{m−1}(X ≥ b) + ½P_{m−1}(X ≥ b − 1)
 * puts it at the previous answer or one above.
 */
function nextSignificant(m: number, previous: number, level: number): number {
  return binomialUpperTail(m, 0.5, previous) < level ? previous : previous + 1;
}

/** P(X ≥ k) for X ~ Binomial(n, p), from the side of k away from the mode. */
export function binomialUpperTail(n: number, p: number, k: number, negligible = NEGLIGIBLE): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  const ratio = p / (1 - p);
  if (k > (n + 1) * p) {
    // Terms fall from k upward: sum until they stop mattering.
    let term = Math.exp(logBinomialPmf(n, p, k));
    let sum = 0;
    for (let j = k; j <= n && term > sum * negligible; j++) {
      sum += term;
      term *= ((n - j) / (j + 1)) * ratio;
    }
    return Math.min(1, sum);
  }
  let term = Math.exp(logBinomialPmf(n, p, k - 1));
  let lower = 0;
  for (let j = k - 1; j >= 0 && term > lower * negligible; j--) {
    lower += term;
    term *= (j / (n - j + 1)) / ratio;
  }
  return Math.max(0, 1 - lower);
}

/** The pmf of Binomial(n, p) over the values that carry its mass (all but < 1e-15 of it). */
export function binomialPmfs(n: number, p: number): { start: number; pmf: number[] } {
  if (p <= 0) return { start: 0, pmf: [1] };
  if (p >= 1) return { start: n, pmf: [1] };
  const mode = Math.min(n, Math.floor((n + 1) * p));
  const ratio = p / (1 - p);
  const peak = Math.exp(logBinomialPmf(n, p, mode));
  const up: number[] = [];
  for (let j = mode, t = peak; j <= n && t > 1e-15 * peak; j++) {
    up.push(t);
    t *= ((n - j) / (j + 1)) * ratio;
  }
  const down: number[] = [];
  for (let j = mode - 1, t = (peak * (mode / (n - mode + 1))) / ratio; j >= 0 && t > 1e-15 * peak; j--) {
    down.push(t);
    t *= (j / (n - j + 1)) / ratio;
  }
  return { start: mode - down.length, pmf: [...down.reverse(), ...up] };
}

function logBinomialPmf(n: number, p: number, k: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k) + k * Math.log(p) + (n - k) * Math.log1p(-p);
}

const SMALL_LOG_FACTORIALS: number[] = [0];
for (let k = 1; k <= 256; k++) SMALL_LOG_FACTORIALS.push(SMALL_LOG_FACTORIALS[k - 1]! + Math.log(k));

/** ln k!: a table to 256, Stirling's series above (error below 1e-16 relative there). */
function logFactorial(k: number): number {
  if (k <= 256) return SMALL_LOG_FACTORIALS[k]!;
  const inv = 1 / k;
  const inv2 = inv * inv;
  return k * Math.log(k) - k + 0.5 * Math.log(2 * Math.PI * k) + inv * (1 / 12 - inv2 * (1 / 360 - inv2 / 1260));
}
