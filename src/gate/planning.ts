import type { Report } from '../report/schema.ts';
import type { GateConfig } from './config.ts';
import { familyWeights } from './multiplicity.ts';
import { casesNeeded, minDetectableDrop } from './power.ts';

/**
 * Sample-size planning for the regression rules: for a dataset's label mix, what each rule can
 * detect now, and how many labeled cases it would need to detect a chosen drop. Every figure is the
 * exact power of the gate's own decision (`power.ts`) at the level the multiplicity correction
 * guarantees each rule at least (α × its weight, `multiplicity.ts`), so the gate does at least as
 * well as planned.
 */

export interface PlanInput {
  /** Labeled cases per gold label (the label mix). */
  supports: Readonly<Record<string, number>>;
  config: GateConfig;
  /** Expected share of cases that flip between two runs of an unchanged change (half each way). */
  flipShare: number;
  /** The drop in accuracy to plan for (e.g. 0.03). */
  targetDrop: number;
  /** The drop in a label's recall to plan for (e.g. 0.10). */
  targetLabelDrop: number;
  /** Variants the gate compares in one run (they share α). Default 1. */
  variants?: number;
}

export interface RulePlan {
  rule: 'maxAccuracyDrop' | 'maxRecallDrop';
  label?: string;
  /** Paired cases the rule is judged on now. */
  n: number;
  /** Its share of the labeled cases (1 for accuracy). */
  share: number;
  allowance: number;
  /** The level the rule is tested at, at least: α × its weight. */
  level: number;
  /** The smallest true drop detected with the configured power now; 1 if none is. */
  minDetectableDrop: number;
  targetDrop: number;
  /** Labeled cases in the whole dataset for the rule to detect `targetDrop` (same label mix); null if never. */
  casesNeeded: number | null;
  /** Why `casesNeeded` is null, when it is. */
  why?: string;
}

/** The most cases planning looks at: beyond this, say "not reachable" rather than search on. */
export const MAX_PLANNED_CASES = 10_000_000;

export function planRules(input: PlanInput): RulePlan[] {
  const { config, flipShare, supports } = input;
  const labels = Object.keys(supports);
  const total = labels.reduce((s, l) => s + supports[l]!, 0);
  const weights = familyWeights(Array<number>(input.variants ?? 1).fill(labels.length), config.regression.accuracyShare)[0]!;
  const { alpha, power } = config.regression;
  const plan = (rule: RulePlan['rule'], n: number, share: number, allowance: number, weight: number, targetDrop: number, label?: string): RulePlan => {
    const level = alpha * weight;
    const test = { flipShare, allowance, level };
    let needed: number | null = null;
    let why: string | undefined;
    if (targetDrop <= allowance) why = `a drop of ${targetDrop} is within the allowance ${allowance}: the gate never blocks it`;
    else if (flipShare + targetDrop > 1) why = 'flip share plus drop exceed 1';
    else if (share === 0) why = 'no labeled case has this label: its share of a larger dataset is unknown';
    else {
      const ruleCases = casesNeeded(test, targetDrop, power, Math.ceil(MAX_PLANNED_CASES * share));
      if (ruleCases === null) why = `more than ${MAX_PLANNED_CASES} cases`;
      else needed = Math.ceil(ruleCases / share);
    }
    return {
      rule,
      ...(label !== undefined && { label }),
      n,
      share,
      allowance,
      level,
      minDetectableDrop: minDetectableDrop({ n, flipShare, allowance, level }, power),
      targetDrop,
      casesNeeded: needed,
      ...(why !== undefined && { why }),
    };
  };
  const rules = [plan('maxAccuracyDrop', total, total > 0 ? 1 : 0, config.regression.maxAccuracyDrop, weights[0]!, input.targetDrop)];
  labels.forEach((label, i) => {
    const allowance = config.labels[label]?.maxRecallDrop ?? config.regression.maxRecallDrop;
    rules.push(plan('maxRecallDrop', supports[label]!, total > 0 ? supports[label]! / total : 0, allowance, weights[i + 1]!, input.targetLabelDrop, label));
  });
  return rules;
}

/** A flip rate measured by `eval --repeat k`, and where it came from. */
export interface MeasuredFlipRate {
  flipShare: number;
  /** The variant it was measured on (`name@version`). */
  variant: string;
  /** Runs per case. */
  runs: number;
  /** Labeled cases it was measured on. */
  cases: number;
  /** Variants of the report that measured one. */
  measured: number;
}

/**
 * The flip rate a repeated report measured (each variant's `repeats.flipRate`): the largest over its
 * variants, since planning with too small a flip rate promises power the gate does not have.
 * Undefined when no variant measured one (no `--repeat`, or no labeled case).
 */
export function measuredFlipRate(report: Report): MeasuredFlipRate | undefined {
  let best: MeasuredFlipRate | undefined;
  let measured = 0;
  for (const v of report.variants) {
    const r = v.repeats;
    if (r?.flipRate === undefined) continue;
    measured += 1;
    if (best === undefined || r.flipRate > best.flipShare) best = { flipShare: r.flipRate, variant: `${v.name}@${v.version}`, runs: r.runs, cases: r.majority.labeled, measured: 0 };
  }
  return best && { ...best, measured };
}
