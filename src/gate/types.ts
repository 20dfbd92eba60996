import type { DatasetComparison } from '../compare/pairing.ts';
import type { Interval } from '../report/schema.ts';
import type { GateConfig } from './config.ts';

export type Verdict = 'pass' | 'fail' | 'inconclusive';

export const RULES = ['variantPresent', 'minAccuracy', 'maxInvalidRate', 'maxErrorRate', 'minRecall', 'minF1', 'maxAccuracyDrop', 'maxRecallDrop', 'maxRemovedCases'] as const;
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
  /**
   * Regression rules judged together with others: Holm's adjusted p-value over the gate run's
   * regression rules (the rule fails iff it is below α), 1 for a rule that could not fail.
   */
  adjustedPValue?: number;
  /** The level this rule's own p had to be below to fail the gate by itself (absent: it could not fail). */
  adjustedAlpha?: number;
  /** Regression rules: how many regression rules of this gate run were adjusted together (when more than one). */
  family?: number;
  /** Regression rules: paired-bootstrap 95% interval of the drop. */
  ci?: Interval;
  /**
   * Regression rules whose drop exceeds the allowance without failing (and rules with no cases): the
   * smallest true drop this comparison detects with the configured power (1: none).
   */
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
  /** `maxRemovedCases`: the baseline's case ids the candidate does not evaluate, and how many are allowed. */
  removedIds?: string[];
  allowed?: number;
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
