import { accuracyDeltaInterval } from '../compare/paired-metrics.ts';
import { pairedCounts, type PairedCase } from '../compare/pairing.ts';
import type { GateConfig } from './config.ts';
import { mcnemarExact } from './mcnemar.ts';
import type { AdjustedRule } from './multiplicity.ts';
import { minDetectableDrop } from './power.ts';
import type { RuleResult, Verdict } from './types.ts';

/**
 * A maximum allowed drop, judged on paired cases. With b cases broken (right → wrong) and c fixed
 * (wrong → right) among n, the observed drop is (b − c)/n, and
 *   fail          iff the drop exceeds the allowance AND McNemar's exact one-sided p is significant
 *                 after the correction for all the regression rules of the gate run (`multiplicity.ts`);
 *   inconclusive  iff the drop exceeds the allowance and p < α on its own, but not after the
 *                 correction: evidence of a drop that the family of rules cannot confirm;
 *   pass          otherwise: within the allowance (or the bootstrap interval's upper end is), or above
 *                 it by no more than noise produces (p ≥ α), which the message says with the minimum
 *                 detectable drop.
 * Under "nothing changed" a rule is inconclusive with probability at most α whatever its size, so
 * `inconclusive: fail` does not block unchanged pull requests for want of cases on small labels.
 * No paired cases at all is a fail for accuracy (nothing of the candidate was compared) and a pass
 * for a label (the shared cases hold no example of it: there is no recall to compare).
 *
 * `measureRegression` counts and tests (a rule with n > 0 comes back undecided);
 * `decideRegression` gives the verdict once the whole family has been adjusted.
 */
export function measureRegression(
  rule: 'maxAccuracyDrop' | 'maxRecallDrop',
  cases: readonly PairedCase[],
  allowance: number,
  config: GateConfig['regression'],
  label?: string,
): RuleResult {
  const n = cases.length;
  const labelField = label !== undefined ? { label } : {};
  if (n === 0) {
    return {
      rule,
      ...labelField,
      verdict: label === undefined ? 'fail' : 'pass',
      observed: null,
      threshold: allowance,
      n: 0,
      minDetectableDrop: 1,
    };
  }
  const counts = pairedCounts(cases);
  const { broken: b, fixed: c } = counts;
  const delta = accuracyDeltaInterval(counts, config.bootstrap);
  const ci = { low: 0 - delta.high, high: 0 - delta.low }; // 0 − x, not −x: no −0 in the JSON
  const pValue = mcnemarExact(b, c, 'worse');
  return { rule, ...labelField, verdict: 'pass', observed: (b - c) / n, threshold: allowance, n, pValue, ci, broken: b, fixed: c };
}

/** Whether a measured regression rule can fail at all: its drop and its interval exceed the allowance. */
export function aboveAllowance(r: RuleResult): boolean {
  return r.observed !== null && r.observed > r.threshold && (r.ci === undefined || r.ci.high > r.threshold);
}

/**
 * The verdict of a measured regression rule (n > 0) given its multiplicity adjustment: `weight` is
 * its share of α and `family` the number of regression rules tested together. The minimum
 * detectable drop is stated at level α·weight, the least the adjustment ever gives it, and at the
 * observed discordance as the noise (`minDetectableDrop` in `power.ts`).
 */
export function decideRegression(r: RuleResult, adjusted: AdjustedRule, weight: number, config: GateConfig['regression'], family: number): RuleResult {
  const n = r.n;
  const b = r.broken ?? 0;
  const c = r.fixed ?? 0;
  const pValue = r.pValue ?? 1;
  const allowance = r.threshold;
  let verdict: Verdict;
  if (!aboveAllowance(r)) verdict = 'pass';
  else if (adjusted.fails) verdict = 'fail';
  else if (pValue < config.alpha) verdict = 'inconclusive';
  else verdict = 'pass';
  // Stated where the message needs it: a drop above the allowance that did not fail.
  const stated = aboveAllowance(r) && verdict !== 'fail';
  const mde = stated ? minDetectableDrop({ n, flipShare: (b + c) / n, allowance, level: config.alpha * weight }, config.power) : undefined;
  return {
    ...r,
    verdict,
    ...(mde !== undefined && { minDetectableDrop: mde }),
    ...(family > 1 && { family, adjustedPValue: adjusted.adjustedP, ...(adjusted.tested && { adjustedAlpha: adjusted.level }) }),
  };
}
