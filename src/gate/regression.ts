import { accuracyDeltaInterval } from '../compare/paired-metrics.ts';
import { pairedCounts, type PairedCase } from '../compare/pairing.ts';
import type { GateConfig } from './config.ts';
import { mcnemarExact } from './mcnemar.ts';
import { minDetectableDrop } from './power.ts';
import type { RuleResult, Verdict } from './types.ts';

/**
 * A maximum allowed drop, judged on paired cases. With b cases broken (right → wrong) and c fixed
 * (wrong → right) among n, the observed drop is (b − c)/n, and
 *   fail          iff the drop exceeds the allowance AND McNemar's exact one-sided p < α;
 *   pass          iff the drop is within the allowance (or the bootstrap interval's upper end is);
 *   inconclusive  otherwise: worse than allowed, but within what noise produces at this n. The
 *                 result then states the minimum detectable drop (see `minDetectableDrop`).
 * No paired cases at all is a fail for accuracy (nothing of the candidate was compared) and an
 * inconclusive for a label (the shared cases hold no example of it).
 */
export function regressionRule(
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
      verdict: label === undefined ? 'fail' : 'inconclusive',
      observed: null,
      threshold: allowance,
      n: 0,
      minDetectableDrop: 1,
    };
  }
  const counts = pairedCounts(cases);
  const { broken: b, fixed: c } = counts;
  const drop = (b - c) / n;
  const delta = accuracyDeltaInterval(counts, config.bootstrap);
  const ci = { low: 0 - delta.high, high: 0 - delta.low }; // 0 − x, not −x: no −0 in the JSON
  const pValue = mcnemarExact(b, c, 'worse');
  const mde = minDetectableDrop(n, (b + c) / n, config.alpha, config.power);
  let verdict: Verdict;
  if (drop <= allowance || ci.high <= allowance) verdict = 'pass';
  else if (pValue < config.alpha) verdict = 'fail';
  else verdict = 'inconclusive';
  return { rule, ...labelField, verdict, observed: drop, threshold: allowance, n, pValue, ci, minDetectableDrop: mde, broken: b, fixed: c };
}
