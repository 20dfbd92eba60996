/**
 * What a paired comparison of this size could have detected: the minimum detectable drop (MDE)
 * that an inconclusive regression rule reports.
 */

/**
 * The smallest true drop δ in a paired proportion that a one-sided test at level `alpha` detects
 * with probability `power`, by the normal approximation for McNemar's test (Connor 1987):
 *
 *   √n·δ = z_{1−α}·√ψ + z_{power}·√(ψ − δ²)
 *
 * where ψ is the share of discordant pairs. ψ is taken as the observed share (b + c)/n, but never
 * below δ itself (a drop of δ needs at least δ·n broken cases). With K = (z_{1−α}·√n +
 * z_{power}·√(n + z_{power}² − z_{1−α}²)) / (n + z_{power}²), the equation solves in closed form to
 * δ = K·√ψ, which gives
 *
 *   MDE = K · √max(ψ_observed, K²)
 *
 * (K² when the comparison saw little disagreement, K·√ψ when noise dominates). Squaring admits a
 * root of the wrong sign, so the solution holds only when K·√n ≥ z_{1−α}, i.e. when
 * n·(n + z_{power}² − z_{1−α}²) ≥ z_{1−α}²·z_{power}²; below that (n ≤ 2 at the defaults) no drop is
 * detectable and the result is 1. Capped at 1. `power` is at least 0.5 (z_{power} ≥ 0).
 */
export function minDetectableDrop(n: number, discordantShare: number, alpha: number, power: number): number {
  if (!(power >= 0.5 && power < 1)) throw new RangeError(`minDetectableDrop: power must be in [0.5, 1) (got ${power})`);
  if (n <= 0) return 1;
  const zAlpha = normalQuantile(1 - alpha);
  const zPower = normalQuantile(power);
  const radicand = n + zPower * zPower - zAlpha * zAlpha;
  if (radicand < 0 || n * radicand < zAlpha * zAlpha * zPower * zPower) return 1;
  const k = (zAlpha * Math.sqrt(n) + zPower * Math.sqrt(radicand)) / (n + zPower * zPower);
  return Math.min(1, k * Math.sqrt(Math.max(discordantShare, k * k)));
}

/**
 * The standard normal quantile Φ⁻¹(p), by Peter Acklam's rational approximation (relative error
 * below 1.2e-9 over (0, 1)), which is ample for thresholds printed to a tenth of a point.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile: p must be in (0, 1) (got ${p})`);
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  const tail = (q: number): number =>
    (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  if (p < low) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - low) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}
