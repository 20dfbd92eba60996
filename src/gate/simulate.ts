import { mulberry32, type Rng } from '../metrics/random.ts';
import { buildReport } from '../report/build.ts';
import type { CaseRow, Report } from '../report/schema.ts';
import type { GateConfig } from './config.ts';
import { evaluateGate } from './verdict.ts';
import { planRules } from './planning.ts';
import type { GateResult } from './types.ts';
import { buildVariantResult } from '../metrics/variant-result.ts';

/**
 * Simulated pull requests with a known true effect, run through the real gate: the evidence that
 * the gate blocks unchanged changes at most α of the time and catches real drops with the power
 * it states. Pure and seeded: the same spec and seed give the same rates.
 *
 * A pull request on n labeled cases: the baseline answers each case right with probability
 * `baseAccuracy`; between baseline and candidate, nondeterminism flips a share `flipShare` of the
 * cases at random, half each way, and a real regression of `drop` on the cases of `dropLabel` (or
 * on every case) breaks that share of them more. So on each affected case the candidate breaks a
 * right answer with probability f/2 + δ overall and fixes a wrong one with probability f/2.
 */
export interface PullRequestSpec {
  /** Labeled cases. */
  n: number;
  /** Share of each gold label; the counts are n × share, rounded, the last label taking the rest. */
  mix: Readonly<Record<string, number>>;
  baseAccuracy: number;
  flipShare: number;
  /** The true drop in recall of `dropLabel`, or in every label's recall (and so in accuracy) without one. */
  drop?: number;
  dropLabel?: string;
}

/** Baseline and candidate reports of one simulated pull request (one variant, `v`). */
export function simulatePullRequest(spec: PullRequestSpec, rng: Rng): { base: Report; candidate: Report } {
  const labels = Object.keys(spec.mix);
  const golds = goldLabels(spec.n, spec.mix);
  const a = spec.baseAccuracy;
  const f = spec.flipShare;
  if (a < f / 2 + (spec.drop ?? 0) || 1 - a < f / 2) throw new RangeError('simulatePullRequest: base accuracy leaves no room for the flips and the drop');
  const base: CaseRow[] = [];
  const candidate: CaseRow[] = [];
  golds.forEach((gold, i) => {
    const drop = spec.drop !== undefined && (spec.dropLabel === undefined || spec.dropLabel === gold) ? spec.drop : 0;
    const wrong = labels[(labels.indexOf(gold) + 1) % labels.length]!;
    const baseRight = rng() < a;
    const flips = baseRight ? rng() < (f / 2 + drop) / a : rng() < f / 2 / (1 - a);
    const candRight = flips ? !baseRight : baseRight;
    const id = `case-${i}`;
    base.push({ id, gold, prediction: baseRight ? gold : wrong });
    candidate.push({ id, gold, prediction: candRight ? gold : wrong });
  });
  const report = (cases: CaseRow[], version: string): Report =>
    buildReport({
      dataset: { path: 'simulated.jsonl', hash: 'sha256:simulated', size: spec.n, labels, split: 'all' },
      // The gate reads accuracy and per-label counts, not the macro-F1 interval: 10 resamples will do.
      variants: [buildVariantResult({ name: 'v', version, hash: `sha256:${version}`, labels, backend: 'replay', resamples: 10, cases })],
      createdAt: '2026-01-01T00:00:00.000Z',
    });
  return { base: report(base, '1.0.0'), candidate: report(candidate, '1.1.0') };
}

/** Gold labels in the mix's proportions, in a fixed order (the cases are exchangeable). */
export function goldLabels(n: number, mix: Readonly<Record<string, number>>): string[] {
  const labels = Object.keys(mix);
  const golds: string[] = [];
  labels.forEach((label, i) => {
    const count = i === labels.length - 1 ? n - golds.length : Math.round(n * mix[label]!);
    for (let k = 0; k < count; k++) golds.push(label);
  });
  return golds;
}

/** A decision on a pull request: labelgate's gate with some config, or a naive rule. */
export interface GatePolicy {
  name: string;
  blocks(base: Report, candidate: Report): boolean;
}

/**
 * labelgate's gate with `config`. One evaluation per pull request serves both inconclusive
 * policies: with `inconclusive: fail` an inconclusive rule blocks too.
 */
export function labelgatePolicy(name: string, config: GateConfig): GatePolicy {
  return {
    name,
    blocks: (base, candidate) => {
      let result = evaluated.get(candidate);
      if (result === undefined || result.config !== config) {
        result = evaluateGate(candidate, base, config);
        evaluated.set(candidate, result);
      }
      return result.verdict === 'fail';
    },
  };
}

/** labelgate's gate with `config` but `inconclusive: fail`, sharing the evaluation above. */
export function strictPolicy(name: string, config: GateConfig): GatePolicy {
  const lenient = labelgatePolicy(name, config);
  return {
    name,
    blocks: (base, candidate) => lenient.blocks(base, candidate) || evaluated.get(candidate)!.counts.inconclusive > 0,
  };
}
const evaluated = new WeakMap<Report, GateResult>();

/** "Block if accuracy drops more than `points`" on the raw accuracies, as many teams gate today. */
export function accuracyDropPolicy(name: string, points: number): GatePolicy {
  return { name, blocks: (base, candidate) => base.variants[0]!.metrics.accuracy - candidate.variants[0]!.metrics.accuracy > points + 1e-12 };
}

/** The share of `replicates` simulated pull requests each policy blocks, on the same pull requests. */
export function blockRates(spec: PullRequestSpec, policies: readonly GatePolicy[], replicates: number, seed: number): number[] {
  const rng = mulberry32(seed);
  const blocked = policies.map(() => 0);
  for (let r = 0; r < replicates; r++) {
    const { base, candidate } = simulatePullRequest(spec, rng);
    policies.forEach((p, i) => {
      if (p.blocks(base, candidate)) blocked[i]!++;
    });
  }
  return blocked.map((b) => b / replicates);
}

/**
 * The binomial sampling error of a rate estimated from `replicates` draws: √(p(1 − p)/R). A
 * simulated rate within 3 of these of its bound is consistent with the bound.
 */
export function samplingError(rate: number, replicates: number): number {
  return Math.sqrt((rate * (1 - rate)) / replicates);
}

/** The repository's own gate mix: half `other`, three specific labels sharing the rest. */
export const REPOSITORY_MIX: Readonly<Record<string, number>> = { other: 0.5, artifact: 1 / 6, integrations: 1 / 6, visualisation: 1 / 6 };

export interface Scenario {
  name: string;
  spec: PullRequestSpec;
  /** `null`: nothing changed (block rate must be ≤ α); `power`: a true drop at the stated MDE (≥ power). */
  kind: 'null' | 'power';
}

/**
 * The scenarios of the gate's proof: nothing changed with 8% and 15% of cases flipping at n = 285
 * and 1000 (and the small-label case, support 12), and true drops at the minimum detectable drop
 * the gate states for the flip rate (`planRules`): on accuracy, and on one specific label.
 */
export function gateScenarios(config: GateConfig): Scenario[] {
  const mde = (spec: PullRequestSpec, label?: string): number => statedMde(spec, config, label);
  const base = { mix: REPOSITORY_MIX, baseAccuracy: 0.8 };
  const scenarios: Scenario[] = [];
  for (const n of [285, 1000]) {
    for (const f of [0.08, 0.15]) scenarios.push({ name: `nothing changed, n=${n}, f=${f * 100}%`, kind: 'null', spec: { ...base, n, flipShare: f } });
  }
  scenarios.push({ name: 'nothing changed, n=72 (support 12), f=15%', kind: 'null', spec: { ...base, n: 72, flipShare: 0.15 } });
  for (const n of [285, 1000]) {
    for (const f of [0.08, 0.15]) {
      const spec = { ...base, n, flipShare: f };
      const acc = mde(spec);
      if (acc < 1) scenarios.push({ name: `accuracy −${(acc * 100).toFixed(1)} pts (its MDE), n=${n}, f=${f * 100}%`, kind: 'power', spec: { ...spec, drop: acc } });
      const label = mde(spec, 'artifact');
      if (label < 1 && label <= 0.8 - f / 2) {
        scenarios.push({ name: `"artifact" recall −${(label * 100).toFixed(1)} pts (its MDE), n=${n}, f=${f * 100}%`, kind: 'power', spec: { ...spec, drop: label, dropLabel: 'artifact' } });
      }
    }
  }
  return scenarios;
}

/** The minimum detectable drop `labelgate power` states for a rule of this pull request (accuracy without a label). */
export function statedMde(spec: PullRequestSpec, config: GateConfig, label?: string): number {
  const supports: Record<string, number> = {};
  for (const gold of goldLabels(spec.n, spec.mix)) supports[gold] = (supports[gold] ?? 0) + 1;
  const plan = planRules({ supports, config, flipShare: spec.flipShare, targetDrop: 0, targetLabelDrop: 0 });
  return (label === undefined ? plan[0] : plan.find((r) => r.label === label))!.minDetectableDrop;
}
