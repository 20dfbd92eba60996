import type { DatasetComparison } from '../compare/pairing.ts';
import type { Interval } from '../report/schema.ts';
import type { GateConfig } from './config.ts';

export type Verdict = 'pass' | 'fail' | 'inconclusive';

export const RULES = ['variantPresent', 'minAccuracy', 'maxInvalidRate', 'maxErrorRate', 'minRecall', 'minF1', 'maxAccuracyDrop', 'maxRecallDrop'] as const;
export type RuleName = (typeof RULES)[number];

/** One rule applied to one variant (and label). Plain data: `--format json` prints it as it is. */
export interface RuleResult {
  rule: RuleName;
  label?: string;
  verdict: Verdict;
  /** The measured value (a rate, or for regression rules the drop); null when nothing could be measured. */
  observed: number | null;
  /** The floor (`min…`) or ceiling (`max…`) the rule compares it with. */
  threshold: number;
  /** Cases the observed value is computed over. */
  n: number;
  /** Regression rules: McNemar's exact one-sided p-value for "the candidate is worse". */
  pValue?: number;
  /** Regression rules: paired-bootstrap 95% interval of the drop. */
  ci?: Interval;
  /** Regression rules: the smallest drop this comparison detects at the configured α and power. */
  minDetectableDrop?: number;
  /** Regression rules: right → wrong and wrong → right cases. */
  broken?: number;
  fixed?: number;
  /** Rate rules: the cases counted (invalid answers, errors); `missing` of the errors are cases the variant lacks. */
  count?: number;
  missing?: number;
  /** `variantPresent`: in the baseline but not the candidate, or named by the config but in neither report. */
  absence?: 'removed' | 'not-found';
  /** `variantPresent` with `not-found`: whether a baseline was given. */
  hasBaseline?: boolean;
}

export interface VariantVerdict {
  name: string;
  /** `no-baseline`: the gate ran without a baseline; `added`/`removed`: the variant is in only one report. */
  status: 'no-baseline' | 'compared' | 'added' | 'removed';
  version?: string;
  baselineVersion?: string;
  verdict: 'pass' | 'fail';
  rules: RuleResult[];
  notes: string[];
}

export interface GateResult {
  verdict: 'pass' | 'fail';
  inconclusiveCountsAs: GateConfig['inconclusive'];
  counts: Record<Verdict, number>;
  variants: VariantVerdict[];
  /** Sentences every view must show: dataset mismatch, no baseline, inconclusive policy. */
  notes: string[];
  /** Present when a baseline was given. */
  dataset?: DatasetComparison;
  config: GateConfig;
}
