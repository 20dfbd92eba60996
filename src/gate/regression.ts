import { accuracyDeltaInterval } from '../diff/paired-metrics.ts';
import { pairedCounts, type PairedCase } from '../diff/pairing.ts';
import { pct } from '../render/format.ts';
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
 * `measureRegression` counts and tests (a rule with n > 0 comes back undecided, its message empty);
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
      message:
        label === undefined
          ? 'no labeled cases shared with the baseline: nothing to compare'
          : `no shared cases with gold "${label}": no recall to compare`,
    };
  }
  const counts = pairedCounts(cases);
  const { broken: b, fixed: c } = counts;
  const delta = accuracyDeltaInterval(counts, config.bootstrap);
  const ci = { low: 0 - delta.high, high: 0 - delta.low }; // 0 − x, not −x: no −0 in the JSON
  const pValue = mcnemarExact(b, c, 'worse');
  return { rule, ...labelField, verdict: 'pass', observed: (b - c) / n, threshold: allowance, n, pValue, ci, broken: b, fixed: c, message: '' };
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
  const drop = r.observed ?? 0;
  const pValue = r.pValue ?? 1;
  const allowance = r.threshold;
  const what = r.label === undefined ? 'accuracy' : `"${r.label}" recall`;
  let verdict: Verdict;
  if (!aboveAllowance(r)) verdict = 'pass';
  else if (adjusted.fails) verdict = 'fail';
  else if (pValue < config.alpha) verdict = 'inconclusive';
  else verdict = 'pass';
  // Stated where the message needs it: a drop above the allowance that did not fail.
  const stated = aboveAllowance(r) && verdict !== 'fail';
  const mde = stated ? minDetectableDrop({ n, flipShare: (b + c) / n, allowance, level: config.alpha * weight }, config.power) : undefined;
  const ci = r.ci ?? { low: drop, high: drop };
  const change = `${what} ${drop > 0 ? `dropped ${pct(drop)}` : drop < 0 ? `rose ${pct(-drop)}` : 'unchanged'} (${b} broken, ${c} fixed of ${n}; 95% CI of the drop ${pct(ci.low)} to ${pct(ci.high)})`;
  const adjustedP = family > 1 ? `; adjusted for the ${family} regression rules of this run, p=${formatP(adjusted.adjustedP)}` : '';
  const detectable = `at n=${n} only drops of about ${pct(mde ?? 1)} or more are detected with ${pct(config.power, 0)} power (\`npx labelgate power\` tells how many cases a smaller one needs)`;
  const judged = !aboveAllowance(r)
    ? `within the allowed ${pct(allowance)}`
    : verdict === 'fail'
      ? `more than the allowed ${pct(allowance)}, and significant (McNemar p=${formatP(pValue)}${adjustedP} < α=${config.alpha})`
      : verdict === 'inconclusive'
        ? `more than the allowed ${pct(allowance)}, significant alone (McNemar p=${formatP(pValue)} < α=${config.alpha}) but not among the ${family} regression rules of this run (adjusted p=${formatP(adjusted.adjustedP)}): ${detectable}`
        : `more than the allowed ${pct(allowance)}, but within noise (McNemar p=${formatP(pValue)} ≥ α=${config.alpha}): ${detectable}`;
  return {
    ...r,
    verdict,
    ...(mde !== undefined && { minDetectableDrop: mde }),
    ...(family > 1 && { adjustedPValue: adjusted.adjustedP, ...(adjusted.tested && { adjustedAlpha: adjusted.level }) }),
    message: `${change}: ${judged}`,
  };
}

export function formatP(p: number): string {
  return p < 0.0001 ? p.toExponential(1) : p.toPrecision(2);
}
