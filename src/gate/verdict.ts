import { shortHash } from '../core/hash.ts';
import { datasetNotes, variantChanges } from '../compare/changes.ts';
import { compareDatasets, pairVariants, removedCaseIds, reportCaseIds, type DatasetComparison, type PairedCase } from '../compare/pairing.ts';
import type { Report, VariantResult } from '../report/schema.ts';
import { absoluteRules, judgeVariant } from './absolute.ts';
import type { GateConfig } from './config.ts';
import { adjustFamily, familyWeights } from './multiplicity.ts';
import { aboveAllowance, decideRegression, measureRegression } from './regression.ts';
import type { GateResult, RuleResult, Verdict, VariantVerdict } from './types.ts';

/**
 * The merge gate: every configured rule applied to every judged variant of the candidate, and
 * against a baseline the regression rules on the paired cases. Pure: reports and rules in, a
 * verdict with its evidence out.
 */
export function evaluateGate(candidate: Report, baseline: Report | undefined, config: GateConfig): GateResult {
  const dataset = baseline ? compareDatasets(baseline, candidate) : undefined;
  const expected = expectedCases(candidate, baseline, dataset);
  const unaccounted = Math.max(0, candidate.dataset.size - expected.size);
  const candidateIds = dataset && !dataset.same ? reportCaseIds(candidate) : null;
  const candByName = new Map(candidate.variants.map((v) => [v.name, v]));
  const baseByName = new Map((baseline?.variants ?? []).map((v) => [v.name, v]));

  const names = config.variants ?? [...candByName.keys(), ...[...baseByName.keys()].filter((n) => !candByName.has(n))];
  const variants: VariantVerdict[] = [];
  for (const name of new Set(names)) {
    const cv = candByName.get(name);
    const bv = baseByName.get(name);
    if (!cv) {
      variants.push(absent(name, bv, baseline !== undefined, config));
      continue;
    }
    const judged = judgeVariant(cv, expected, unaccounted);
    const rules = absoluteRules(cv, judged, config);
    const notes: string[] = [];
    if (judged.missing > 0) notes.push(`${judged.missing} case(s) of the dataset have no result in this variant: counted as errors (wrong answers)`);
    let status: VariantVerdict['status'] = 'no-baseline';
    if (baseline && !bv) {
      status = 'added';
      notes.push('new variant (not in the baseline): only the absolute rules apply');
    } else if (bv) {
      status = 'compared';
      notes.push(...changeNotes(bv, cv));
      const pairing = pairVariants(bv, cv, candidateIds);
      if (pairing.missing > 0) notes.push(`${pairing.missing} baseline case(s) are missing from the candidate: counted as wrong (broken where the baseline was right)`);
      if (pairing.goldChanged > 0) notes.push(`${pairing.goldChanged} shared case(s) changed gold label: both reports judged against the candidate's`);
      rules.push(removedCasesRule(bv, cv, config.maxRemovedCases));
      rules.push(...regressionRules(cv, pairing.cases, config));
    }
    variants.push({
      name,
      status,
      version: cv.version,
      ...(bv && { baselineVersion: bv.version }),
      verdict: 'pass',
      rules,
      notes,
    });
  }

  const withinNoise = judgeRegressions(variants, config);
  for (const v of variants) v.verdict = overall(v.rules, config);

  const counts: Record<Verdict, number> = { pass: 0, fail: 0, inconclusive: 0 };
  for (const v of variants) for (const r of v.rules) counts[r.verdict]++;
  const notes: string[] = [];
  if (!baseline) notes.push('No baseline: only the absolute rules apply (no regression test).');
  if (dataset) notes.push(...datasetNotes(dataset));
  if (variants.length === 0) notes.push('The candidate report has no variants: nothing to judge.');
  if (withinNoise.length > 0) {
    notes.push(
      `${withinNoise.length} rule(s) dropped more than allowed, but no more than noise produces at their sample size (passed; each states the drop it could detect): ${withinNoise.join(', ')}.`,
    );
  }
  if (counts.inconclusive > 0) {
    notes.push(
      `${counts.inconclusive} rule(s) inconclusive: the sample cannot tell the change from noise. They count as ${config.inconclusive.toUpperCase()} (config "inconclusive: ${config.inconclusive}"); \`npx labelgate power\` tells how many labeled cases would settle them.`,
    );
  }
  return {
    verdict: variants.length > 0 && variants.every((v) => v.verdict === 'pass') ? 'pass' : 'fail',
    inconclusiveCountsAs: config.inconclusive,
    counts,
    variants,
    notes,
    ...(dataset && { dataset }),
    config,
  };
}

function overall(rules: readonly RuleResult[], config: GateConfig): 'pass' | 'fail' {
  return rules.every((r) => r.verdict === 'pass' || (r.verdict === 'inconclusive' && config.inconclusive === 'pass')) ? 'pass' : 'fail';
}

/**
 * Every case id the candidate's variants should each have, with a gold label: what the candidate
 * report holds in any variant, and on the same dataset also what the baseline holds.
 */
function expectedCases(candidate: Report, baseline: Report | undefined, dataset: DatasetComparison | undefined): Map<string, string | null> {
  const expected = new Map<string, string | null>();
  const add = (r: Report): void => {
    for (const v of r.variants) for (const c of v.cases) if (!expected.has(c.id) || (expected.get(c.id) === null && c.gold !== null)) expected.set(c.id, c.gold);
  };
  add(candidate);
  if (baseline && dataset?.same) add(baseline);
  return expected;
}

/**
 * The regression rules of all compared variants, adjusted together for multiplicity
 * (`multiplicity.ts`) and decided; returns the rules that passed with a drop above the allowance.
 */
function judgeRegressions(variants: VariantVerdict[], config: GateConfig): string[] {
  const isRegression = (r: RuleResult): boolean => r.rule === 'maxAccuracyDrop' || r.rule === 'maxRecallDrop';
  const compared = variants.filter((v) => v.status === 'compared');
  if (compared.length === 0) return [];
  const groups = compared.map((v) => v.rules.filter(isRegression));
  const weights = familyWeights(
    groups.map((g) => g.length - 1),
    config.regression.accuracyShare,
  );
  const flat = groups.flatMap((g, i) => g.map((r, j) => ({ r, weight: weights[i]![j]! })));
  const adjusted = adjustFamily(
    flat.map(({ r, weight }) => ({
      n: r.n,
      discordant: (r.broken ?? 0) + (r.fixed ?? 0),
      allowance: r.threshold,
      drop: r.observed ?? 0,
      pValue: r.pValue ?? 1,
      weight,
      canFail: aboveAllowance(r),
    })),
    config.regression.alpha,
  );
  const decided = new Map<RuleResult, RuleResult>();
  flat.forEach(({ r, weight }, i) => {
    if (r.n > 0) decided.set(r, decideRegression(r, adjusted[i]!, weight, config.regression, flat.length));
  });
  const withinNoise: string[] = [];
  for (const v of compared) {
    v.rules = v.rules.map((r) => decided.get(r) ?? r);
    for (const r of v.rules) {
      if (isRegression(r) && r.verdict === 'pass' && r.n > 0 && aboveAllowance(r)) withinNoise.push(`${v.name} ${r.label === undefined ? 'accuracy' : `"${r.label}" recall`}`);
    }
  }
  return withinNoise;
}

function regressionRules(cv: VariantResult, cases: readonly PairedCase[], config: GateConfig): RuleResult[] {
  const rules = [measureRegression('maxAccuracyDrop', cases, config.regression.maxAccuracyDrop, config.regression)];
  const labels = [...cv.labels];
  for (const p of cases) if (!labels.includes(p.gold)) labels.push(p.gold);
  for (const label of labels) {
    const allowance = config.labels[label]?.maxRecallDrop ?? config.regression.maxRecallDrop;
    rules.push(
      measureRegression(
        'maxRecallDrop',
        cases.filter((p) => p.gold === label),
        allowance,
        config.regression,
        label,
      ),
    );
  }
  return rules;
}

/**
 * The baseline variant's cases the candidate variant does not evaluate, as a rule: comparing only the
 * shared cases would let a change pass by deleting the cases it breaks. Rates of the baseline's cases.
 */
function removedCasesRule(bv: VariantResult, cv: VariantResult, allowed: number): RuleResult {
  const removed = removedCaseIds(bv, cv);
  const n = new Set(bv.cases.map((c) => c.id)).size;
  return {
    rule: 'maxRemovedCases',
    verdict: removed.length <= allowed ? 'pass' : 'fail',
    observed: n === 0 ? 0 : removed.length / n,
    threshold: n === 0 ? 0 : Math.min(1, allowed / n),
    n,
    count: removed.length,
    allowed,
    removedIds: removed,
  };
}

function changeNotes(bv: VariantResult, cv: VariantResult): string[] {
  const c = variantChanges(bv, cv);
  const notes: string[] = [];
  if (c.version) notes.push(`version changed: ${bv.version} → ${cv.version}`);
  if (c.unbumped) notes.push(`prompt content changed (hash ${shortHash(bv.hash)} → ${shortHash(cv.hash)}) but version ${cv.version} was not bumped`);
  if (c.backend || c.model) notes.push(`model changed: ${bv.backend}${bv.model ? `/${bv.model}` : ''} → ${cv.backend}${cv.model ? `/${cv.model}` : ''}`);
  return notes;
}

function absent(name: string, bv: VariantResult | undefined, hasBaseline: boolean, config: GateConfig): VariantVerdict {
  const removed = bv !== undefined;
  const allowed = removed && config.allowRemovedVariants;
  const rule: RuleResult = {
    rule: 'variantPresent',
    verdict: allowed ? 'pass' : 'fail',
    observed: null,
    threshold: 1,
    n: 0,
    absence: removed ? 'removed' : 'not-found',
    ...(!removed && { hasBaseline }),
  };
  return {
    name,
    status: removed ? 'removed' : 'no-baseline',
    ...(bv && { baselineVersion: bv.version }),
    verdict: rule.verdict === 'pass' ? 'pass' : 'fail',
    rules: [rule],
    notes: [],
  };
}
