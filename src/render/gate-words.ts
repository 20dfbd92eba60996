import type { GateConfig } from '../gate/config.ts';
import { aboveAllowance } from '../gate/regression.ts';
import type { GateResult, RuleResult } from '../gate/types.ts';
import { pct } from './format.ts';

/**
 * The gate returns numbers; these are its words: one sentence per rule, the same in the terminal,
 * in markdown and in `--format json` (as `message`).
 */

/** A p-value to two significant digits, or in exponent form when tiny. */
export function formatP(p: number): string {
  return p < 0.0001 ? p.toExponential(1) : p.toPrecision(2);
}

const metricName = (r: RuleResult): string =>
  r.rule === 'minAccuracy' || r.rule === 'maxAccuracyDrop' ? 'accuracy' : `"${r.label}" ${r.rule === 'minF1' ? 'F1' : 'recall'}`;

/** The sentence that says what a rule measured and why it decided as it did. `variant`: the variant's name. */
export function ruleMessage(r: RuleResult, config: GateConfig, variant: string): string {
  switch (r.rule) {
    case 'variantPresent':
      return r.absence === 'removed'
        ? `variant is in the baseline but not in the candidate${r.verdict === 'pass' ? ' (allowed by allowRemovedVariants)' : ': the gate does not pass on results it does not have'}`
        : `no variant named "${variant}" in the candidate${r.hasBaseline ? ' or the baseline' : ''} report (named in the gate config's variants)`;
    case 'minAccuracy':
    case 'minRecall':
    case 'minF1':
      if (r.observed === null) {
        return r.label === undefined ? 'no labeled cases: accuracy cannot be measured' : `no labeled cases of "${r.label}": its ${r.rule === 'minF1' ? 'F1' : 'recall'} cannot be measured`;
      }
      return `${metricName(r)} ${pct(r.observed)} ${r.verdict === 'pass' ? '≥' : '<'} ${pct(r.threshold)} (n=${r.n})`;
    case 'maxInvalidRate':
    case 'maxErrorRate': {
      if (r.observed === null) return 'no cases';
      const what = r.rule === 'maxInvalidRate' ? 'invalid answers' : r.missing ? `errors (${r.missing} of them missing cases)` : 'errors';
      return `${what} ${pct(r.observed)} (${r.count ?? 0}/${r.n}) ${r.verdict === 'pass' ? '≤' : '>'} ${pct(r.threshold)}`;
    }
    case 'maxAccuracyDrop':
    case 'maxRecallDrop':
      return regressionMessage(r, config.regression);
    case 'maxRemovedCases': {
      const removed = r.removedIds ?? [];
      if (removed.length === 0) return `every one of the baseline's ${r.n} cases is evaluated`;
      const listed = removed.slice(0, 5).map((id) => `"${id}"`).join(', ') + (removed.length > 5 ? `, … ${removed.length - 5} more` : '');
      return `${removed.length} of the baseline's ${r.n} cases are not evaluated by the candidate (${listed}): ${r.verdict === 'pass' ? 'within' : 'more than'} the ${r.allowed ?? 0} allowed (maxRemovedCases)`;
    }
  }
}

function regressionMessage(r: RuleResult, config: GateConfig['regression']): string {
  if (r.observed === null || r.n === 0) {
    return r.label === undefined ? 'no labeled cases shared with the baseline: nothing to compare' : `no shared cases with gold "${r.label}": no recall to compare`;
  }
  const drop = r.observed;
  const ci = r.ci ?? { low: drop, high: drop };
  const allowance = r.threshold;
  const pValue = r.pValue ?? 1;
  const family = r.family ?? 1;
  const adjustedP = r.adjustedPValue ?? pValue;
  const change = `${metricName(r)} ${drop > 0 ? `dropped ${pct(drop)}` : drop < 0 ? `rose ${pct(-drop)}` : 'unchanged'} (${r.broken ?? 0} broken, ${r.fixed ?? 0} fixed of ${r.n}; 95% CI of the drop ${pct(ci.low)} to ${pct(ci.high)})`;
  const adjusted = family > 1 ? `; adjusted for the ${family} regression rules of this run, p=${formatP(adjustedP)}` : '';
  const detectable = `at n=${r.n} only drops of about ${pct(r.minDetectableDrop ?? 1)} or more are detected with ${pct(config.power, 0)} power (\`npx labelgate power\` tells how many cases a smaller one needs)`;
  const judged = !aboveAllowance(r)
    ? `within the allowed ${pct(allowance)}`
    : r.verdict === 'fail'
      ? `more than the allowed ${pct(allowance)}, and significant (McNemar p=${formatP(pValue)}${adjusted} < α=${config.alpha})`
      : r.verdict === 'inconclusive'
        ? `more than the allowed ${pct(allowance)}, significant alone (McNemar p=${formatP(pValue)} < α=${config.alpha}) but not among the ${family} regression rules of this run (adjusted p=${formatP(adjustedP)}): ${detectable}`
        : `more than the allowed ${pct(allowance)}, but within noise (McNemar p=${formatP(pValue)} ≥ α=${config.alpha}): ${detectable}`;
  return `${change}: ${judged}`;
}

/** The gate's result as `--format json` and gate.json show it: every rule with its `message`. */
export function gateWithMessages(result: GateResult): GateResult & { variants: Array<GateResult['variants'][number] & { rules: Array<RuleResult & { message: string }> }> } {
  return {
    ...result,
    variants: result.variants.map((v) => ({ ...v, rules: v.rules.map((r) => ({ ...r, message: ruleMessage(r, result.config, v.name) })) })),
  };
}
