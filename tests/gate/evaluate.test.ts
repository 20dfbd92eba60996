import { describe, expect, it } from 'vitest';
import { gateConfig } from '../../src/gate/config.ts';
import { evaluateGate } from '../../src/gate/verdict.ts';
import type { GateResult, RuleResult } from '../../src/gate/types.ts';
import { minDetectableDrop } from '../../src/gate/power.ts';
import { pct } from '../../src/render/format.ts';
import { ruleMessage } from '../../src/render/gate-words.ts';
import type { CaseRow } from '../../src/report/schema.ts';
import { pairedReports, pairedRows, report, variant } from '../helpers/reports.ts';

function rule(result: GateResult, name: RuleResult['rule'], label?: string, variantName = 'v3'): RuleResult {
  const v = result.variants.find((x) => x.name === variantName);
  const r = v?.rules.find((x) => x.rule === name && x.label === label);
  if (!r) throw new Error(`no rule ${name} ${label ?? ''} for ${variantName}`);
  return r;
}

describe('regression on paired cases', () => {
  it('33 cases, one flipped case: within noise, so it passes, and says what it could have detected', () => {
    // The case study's test set: 28/33 right before, 27/33 after — one case broken, nothing fixed.
    const { base, candidate } = pairedReports([{ kept: 27, broken: 1, wrong: 5 }]);
    const result = evaluateGate(candidate, base, gateConfig());
    const acc = rule(result, 'maxAccuracyDrop');
    expect(acc.verdict).toBe('pass');
    expect(acc.observed).toBeCloseTo(1 / 33, 12); // 3.0 points > the 2-point allowance
    expect(acc.broken).toBe(1);
    expect(acc.fixed).toBe(0);
    expect(acc.pValue).toBe(0.5); // P(X ≥ 1 | n=1) = 1/2
    // Stated at accuracy's share of α (½ of 0.05) with the observed discordance 1/33 as noise.
    expect(acc.minDetectableDrop).toBe(minDetectableDrop({ n: 33, flipShare: 1 / 33, allowance: 0.02, level: 0.025 }, 0.8));
    expect(ruleMessage(acc, result.config, 'v3')).toMatch(/within noise \(McNemar p=0\.50 ≥ α=0\.05\)/);
    expect(ruleMessage(acc, result.config, 'v3')).toMatch(new RegExp(`only drops of about ${pct(acc.minDetectableDrop!).replace('.', '\\.')} or more`));
    expect(ruleMessage(acc, result.config, 'v3')).toMatch(/npx labelgate power/);
    // The broken case's label drops too (1 of its 8 or 9 cases), also within noise.
    expect(result.notes.join(' ')).toMatch(/2 rule\(s\) dropped more than allowed, but no more than noise.*v3 accuracy, v3 "\w+" recall/);
    expect(result.verdict).toBe('pass');
    expect(result.counts).toMatchObject({ fail: 0, inconclusive: 0 });
    // Not evidence of anything, so `inconclusive: fail` does not block it either.
    expect(evaluateGate(candidate, base, gateConfig({ inconclusive: 'fail' })).verdict).toBe('pass');
  });

  it('significant alone but not among all the rules of the run: inconclusive, and `inconclusive: fail` blocks it', () => {
    // 300 cases over four labels (75 each); 24 broken, 3 fixed overall, 6 broken of each label.
    // Per label: 6 of 75 broken = 8 points > 5, p = ½⁶ = 0.0156 < 0.05 but above its level.
    const { base, candidate } = pairedReports([{ kept: 240, broken: 24, fixed: 3, wrong: 33 }]);
    const result = evaluateGate(candidate, base, gateConfig());
    // ("other" is the label none of the 3 fixed cases has.)
    const other = rule(result, 'maxRecallDrop', 'other');
    expect([other.broken, other.fixed]).toEqual([6, 0]);
    expect(other.pValue).toBeCloseTo(0.5 ** 6, 15);
    expect(other.verdict).toBe('inconclusive');
    expect(other.adjustedPValue).toBeGreaterThanOrEqual(0.05);
    expect(ruleMessage(other, result.config, 'v3')).toMatch(/significant alone.*but not among the 5 regression rules/);
    // Both the rule and the verdict's note point to the planning command.
    expect(ruleMessage(other, result.config, 'v3')).toMatch(/only drops of about .* are detected with 80% power \(`npx labelgate power` tells how many cases a smaller one needs\)/);
    expect(result.notes.join('\n')).toMatch(/rule\(s\) inconclusive: .*They count as PASS .*`npx labelgate power` tells how many labeled cases would settle them/);
    expect(result.verdict).toBe('fail');
    expect(result.counts.inconclusive).toBeGreaterThanOrEqual(1);
    // Accuracy: 7 points, p ≈ 2.5e-5, first in Holm's order; its level is at least α·½.
    const acc = rule(result, 'maxAccuracyDrop');
    expect(acc.verdict).toBe('fail');
    expect(acc.adjustedAlpha).toBeGreaterThanOrEqual(0.025);
    expect(acc.adjustedPValue!).toBeLessThan(0.05);
  });

  it('each rule significant at α alone no longer fails when the family is not: the correction bites', () => {
    // Four labels each lose 5 of 40 with nothing fixed (p = ½⁵ = 0.031 each, 12.5 points > 5),
    // while accuracy (20 of 160 = 12.5 points) is tested too; at equal 5% each all four labels would fail.
    const specs = ['artifact', 'integrations', 'visualisation', 'other'].map((gold) => ({ kept: 35, broken: 5, gold }));
    const { base, candidate } = pairedReports(specs);
    const result = evaluateGate(candidate, base, gateConfig());
    for (const label of ['artifact', 'integrations', 'visualisation', 'other']) {
      const r = rule(result, 'maxRecallDrop', label);
      expect(r.pValue).toBeCloseTo(0.5 ** 5, 15);
      // Five discordant pairs cannot go below ½⁵ = 0.031, above a label's first-step level
      // 0.05·⅛: the label leaves the family (adjusted p 1) and is inconclusive, not failed.
      expect(r.verdict).toBe('inconclusive');
      expect(r.adjustedPValue).toBe(1);
      expect(r.adjustedAlpha).toBeUndefined();
    }
    // Accuracy: 20 broken of 20 discordant, p = ½²⁰, tested alone at the whole α: the gate fails.
    const acc = rule(result, 'maxAccuracyDrop');
    expect(acc.verdict).toBe('fail');
    expect(acc.adjustedAlpha).toBe(0.05);
  });

  it('a clear regression on a large sample fails', () => {
    // 1000 cases: 60 broken, 10 fixed → drop 5 points; one-sided p = P(X ≥ 60 | 70, ½) ≈ 4.0e-10.
    const { base, candidate } = pairedReports([{ kept: 800, broken: 60, fixed: 10, wrong: 130 }]);
    const result = evaluateGate(candidate, base, gateConfig());
    const acc = rule(result, 'maxAccuracyDrop');
    expect(acc.verdict).toBe('fail');
    expect(acc.observed).toBeCloseTo(0.05, 12);
    expect(acc.pValue! / 4.0024116997278234e-10).toBeCloseTo(1, 8);
    expect(acc.ci!.low).toBeGreaterThan(0.02);
    expect(acc.ci!.high).toBeGreaterThan(0.05);
    expect(result.verdict).toBe('fail');
    expect(result.variants[0]!.verdict).toBe('fail');
  });

  it('an improvement passes; a significant drop within the allowance passes', () => {
    const better = pairedReports([{ kept: 900, broken: 10, fixed: 12, wrong: 78 }]);
    expect(rule(evaluateGate(better.candidate, better.base, gateConfig()), 'maxAccuracyDrop').verdict).toBe('pass');
    // 10,000 cases, 150 broken and 100 fixed: a real (p ≈ 0.001) but 0.5-point drop, within 2 points.
    const tiny = pairedReports([{ kept: 9000, broken: 150, fixed: 100, wrong: 750 }]);
    const r = rule(evaluateGate(tiny.candidate, tiny.base, gateConfig()), 'maxAccuracyDrop');
    expect(r.pValue).toBeLessThan(0.05);
    expect(r.verdict).toBe('pass');
    // ...and fails when no drop is allowed.
    const zero = rule(evaluateGate(tiny.candidate, tiny.base, gateConfig({ regression: { maxAccuracyDrop: 0 } })), 'maxAccuracyDrop');
    expect(zero.verdict).toBe('fail');
  });

  it("per-label recall: the same test on the cases of that gold label, with per-label allowances", () => {
    // "other" loses 12 of 100 cases; the other labels are untouched.
    const { base, candidate } = pairedReports([
      { kept: 88, broken: 12, gold: 'other' },
      { kept: 300, wrong: 0, gold: 'artifact' },
    ]);
    const result = evaluateGate(candidate, base, gateConfig());
    const other = rule(result, 'maxRecallDrop', 'other');
    expect(other.n).toBe(100);
    expect(other.observed).toBeCloseTo(0.12, 12);
    expect(other.pValue).toBeCloseTo(0.5 ** 12, 15);
    expect(other.verdict).toBe('fail');
    expect(rule(result, 'maxRecallDrop', 'artifact').verdict).toBe('pass');
    // No shared case of a label: no recall to compare, so nothing to fail (its absolute rules still apply).
    const none = rule(result, 'maxRecallDrop', 'visualisation');
    expect(none.verdict).toBe('pass');
    expect(none.n).toBe(0);
    expect(none.minDetectableDrop).toBe(1);
    // Accuracy fell 12/400 = 3 points: significant and above 2 points.
    expect(rule(result, 'maxAccuracyDrop').verdict).toBe('fail');

    const lenient = evaluateGate(candidate, base, gateConfig({ labels: { other: { maxRecallDrop: 0.15 } }, regression: { maxAccuracyDrop: 0.05 } }));
    expect(rule(lenient, 'maxRecallDrop', 'other').verdict).toBe('pass');
    expect(lenient.verdict).toBe('pass');
  });
});

describe('missing results and errors count against the candidate', () => {
  it('a baseline case missing from the candidate is a broken case, an error, and noted', () => {
    const { base, candidate } = pairedRows({ kept: 40 });
    const cand = report([variant('v3', candidate.slice(0, 35))]);
    const result = evaluateGate(cand, report([variant('v3', base)]), gateConfig());
    const acc = rule(result, 'maxAccuracyDrop');
    expect(acc.broken).toBe(5);
    expect(acc.n).toBe(40);
    expect(acc.verdict).toBe('fail'); // 5/40 = 12.5 points, p = 1/32 < 0.05
    const errors = rule(result, 'maxErrorRate');
    expect(errors.verdict).toBe('fail');
    expect(errors.observed).toBeCloseTo(5 / 40, 12);
    expect(rule(result, 'minAccuracy').n).toBe(40);
    expect(rule(result, 'minAccuracy').observed).toBeCloseTo(35 / 40, 12);
    expect(result.variants[0]!.notes.join(' ')).toMatch(/5 baseline case\(s\) are missing/);
    expect(result.verdict).toBe('fail');
  });

  it('a case another variant of the candidate has, or the dataset size promises, is missing too', () => {
    const { candidate } = pairedRows({ kept: 20 });
    const r = report([variant('v2', candidate), variant('v3', candidate.slice(0, 18))]);
    const result = evaluateGate(r, undefined, gateConfig({ maxErrorRate: 0.5 }));
    expect(rule(result, 'minAccuracy').observed).toBeCloseTo(18 / 20, 12);
    expect(rule(result, 'maxErrorRate').observed).toBeCloseTo(2 / 20, 12);
    // The report says 25 cases, but only 20 rows exist anywhere.
    const short = report([variant('v3', candidate)], { size: 25 });
    const shortResult = evaluateGate(short, undefined, gateConfig());
    expect(rule(shortResult, 'minAccuracy').observed).toBeCloseTo(20 / 25, 12);
    expect(rule(shortResult, 'maxErrorRate').verdict).toBe('fail');
  });

  it('error predictions are wrong answers and fail maxErrorRate; invalid ones feed maxInvalidRate', () => {
    const rows: CaseRow[] = pairedRows({ kept: 20 }).candidate;
    rows[0] = { ...rows[0]!, prediction: 'error' };
    rows[1] = { ...rows[1]!, prediction: 'invalid' };
    rows[2] = { ...rows[2]!, prediction: 'invalid' };
    const result = evaluateGate(report([variant('v3', rows)]), undefined, gateConfig({ maxInvalidRate: 0.05 }));
    expect(rule(result, 'minAccuracy').observed).toBeCloseTo(17 / 20, 12);
    expect(rule(result, 'maxErrorRate').verdict).toBe('fail');
    expect(rule(result, 'maxInvalidRate').observed).toBeCloseTo(0.1, 12);
    expect(rule(result, 'maxInvalidRate').verdict).toBe('fail');
  });
});

describe('absolute rules', () => {
  it('minimum accuracy, per-label recall and F1 with per-label overrides', () => {
    const { candidate } = pairedRows({ kept: 30, wrong: 10 });
    const r = report([variant('v3', candidate)]);
    const config = gateConfig({ minAccuracy: 0.8, defaults: { minRecall: 0.5 }, labels: { other: { minRecall: 0.9, minF1: 0.1 } } });
    const result = evaluateGate(r, undefined, config);
    expect(rule(result, 'minAccuracy').verdict).toBe('fail'); // 75% < 80%
    expect(rule(result, 'minRecall', 'artifact').threshold).toBe(0.5);
    expect(rule(result, 'minRecall', 'other').threshold).toBe(0.9);
    expect(rule(result, 'minF1', 'other').verdict).toBe('pass');
    expect(result.variants[0]!.rules.filter((x) => x.rule === 'minF1')).toHaveLength(1);
    expect(result.notes).toContain('No baseline: only the absolute rules apply (no regression test).');
  });

  it('no labeled cases (or none of a label) fails rather than passes', () => {
    const rows: CaseRow[] = [
      { id: 'a', gold: null, prediction: 'other' },
      { id: 'b', gold: null, prediction: 'artifact' },
    ];
    const result = evaluateGate(report([variant('v3', rows)]), undefined, gateConfig({ defaults: { minRecall: 0 } }));
    expect(rule(result, 'minAccuracy').verdict).toBe('fail');
    expect(rule(result, 'minAccuracy').observed).toBeNull();
    expect(rule(result, 'minRecall', 'other').verdict).toBe('fail');
    expect(result.verdict).toBe('fail');
    expect(evaluateGate(report([]), undefined, gateConfig()).verdict).toBe('fail');
  });
});

describe('variants and datasets', () => {
  it('pairs variants by name: removed fails (unless allowed), added gets absolute rules, version changes are noted', () => {
    const { base, candidate } = pairedRows({ kept: 30 });
    const baseline = report([variant('v1', base), variant('v3', base, { version: '3.0.0' })]);
    const cand = report([variant('v3', candidate, { version: '3.1.0' }), variant('v4', candidate)]);
    const result = evaluateGate(cand, baseline, gateConfig());
    const v1 = result.variants.find((v) => v.name === 'v1')!;
    expect(v1.status).toBe('removed');
    expect(v1.verdict).toBe('fail');
    expect(v1.rules[0]!.rule).toBe('variantPresent');
    const v3 = result.variants.find((v) => v.name === 'v3')!;
    expect(v3.status).toBe('compared');
    expect(v3.notes).toContain('version changed: 3.0.0 → 3.1.0');
    const v4 = result.variants.find((v) => v.name === 'v4')!;
    expect(v4.status).toBe('added');
    expect(v4.rules.some((r) => r.rule === 'maxAccuracyDrop')).toBe(false);
    expect(v4.notes.join(' ')).toMatch(/only the absolute rules/);
    expect(result.verdict).toBe('fail');

    const allowed = evaluateGate(cand, baseline, gateConfig({ allowRemovedVariants: true }));
    expect(allowed.variants.find((v) => v.name === 'v1')!.verdict).toBe('pass');
    expect(allowed.verdict).toBe('pass');
    // Judging only v3 ignores the others.
    expect(evaluateGate(cand, baseline, gateConfig({ variants: ['v3'] })).variants.map((v) => v.name)).toEqual(['v3']);
    // A configured variant the candidate does not have fails.
    expect(evaluateGate(cand, baseline, gateConfig({ variants: ['v9'] })).verdict).toBe('fail');
  });

  it('notes a content change without a version bump', () => {
    const { base, candidate } = pairedRows({ kept: 30 });
    const result = evaluateGate(report([variant('v3', candidate, { hash: 'sha256:new' })]), report([variant('v3', base, { hash: 'sha256:old' })]), gateConfig());
    expect(result.variants[0]!.notes.join(' ')).toMatch(/content changed .* not bumped/);
  });

  it('reports on different datasets are compared on the ids they share, and the verdict says so', () => {
    const { base, candidate } = pairedRows({ kept: 90, broken: 10 });
    // Baseline: cases 0–99. Candidate (another dataset): cases 50–99 plus 30 new ones.
    const extra = pairedRows({ kept: 30, prefix: 'new' }).candidate;
    const baseline = report([variant('v3', base)], { hash: 'sha256:old' });
    const cand = report([variant('v3', [...candidate.slice(50), ...extra])], { hash: 'sha256:new' });
    const result = evaluateGate(cand, baseline, gateConfig());
    expect(result.dataset!.same).toBe(false);
    expect(result.dataset!.sharedIds).toBe(50);
    expect(rule(result, 'maxAccuracyDrop').n).toBe(50); // not 100: the other 50 are not missing, they are not shared
    expect(rule(result, 'maxAccuracyDrop').broken).toBe(10);
    expect(rule(result, 'maxErrorRate').observed).toBe(0);
    expect(result.notes.join(' ')).toMatch(/different datasets.*compared only on the 50 case ids they share \(50 only in the baseline and 30 only in the candidate/);
    // A different split of the same file counts as a different dataset too.
    const split = evaluateGate(report([variant('v3', candidate.slice(50))], { split: 'test' }), report([variant('v3', base)]), gateConfig());
    expect(split.dataset!.same).toBe(false);
    expect(rule(split, 'maxAccuracyDrop').n).toBe(50);
    // Nothing shared: a failure, not a pass.
    const disjoint = evaluateGate(report([variant('v3', extra)], { hash: 'sha256:new' }), baseline, gateConfig());
    expect(rule(disjoint, 'maxAccuracyDrop').verdict).toBe('fail');
  });

  it('identical reports pass with inconclusive: fail, even when a declared label has no cases', () => {
    // LABELS declares four labels; these cases only have two of them as gold.
    const rows = pairedRows({ kept: 30, wrong: 10, gold: 'other' });
    const more = pairedRows({ kept: 20, prefix: 'a', gold: 'artifact' });
    const base = report([variant('v3', [...rows.base, ...more.base])]);
    const result = evaluateGate(base, base, gateConfig({ inconclusive: 'fail' }));
    expect(rule(result, 'maxRecallDrop', 'visualisation')).toMatchObject({ verdict: 'pass', n: 0 });
    expect(result.counts).toMatchObject({ fail: 0, inconclusive: 0 });
    expect(result.verdict).toBe('pass');
  });

  it('deleting the cases a change breaks fails maxRemovedCases, on a changed dataset too', () => {
    // Baseline on 100 cases; the candidate breaks 8 of them and is scored on a dataset without those 8.
    const rows = pairedRows({ kept: 80, broken: 8, wrong: 12 });
    const brokenIds = new Set(rows.base.filter((r, i) => r.prediction !== rows.candidate[i]!.prediction).map((r) => r.id));
    const base = report([variant('v3', rows.base)], { hash: 'sha256:full' });
    const candidate = report([variant('v3', rows.candidate.filter((r) => !brokenIds.has(r.id)))], { hash: 'sha256:trimmed' });
    const result = evaluateGate(candidate, base, gateConfig());
    // The shared cases alone show no drop at all...
    expect(rule(result, 'maxAccuracyDrop').observed).toBe(0);
    // ...but the cases are gone, and that is a rule, not a note.
    const removed = rule(result, 'maxRemovedCases');
    expect(removed.verdict).toBe('fail');
    expect(removed.observed).toBeCloseTo(8 / 100, 15);
    expect(removed.n).toBe(100);
    expect(ruleMessage(removed, result.config, 'v3')).toMatch(/^8 of the baseline's 100 cases are not evaluated by the candidate \("c0080", .*, … 3 more\)/);
    expect(result.verdict).toBe('fail');
    const allowed = evaluateGate(candidate, base, gateConfig({ maxRemovedCases: 8 }));
    expect(rule(allowed, 'maxRemovedCases').verdict).toBe('pass');
    expect(allowed.verdict).toBe('pass');
    // Nothing removed: it passes and says so.
    const same = evaluateGate(report([variant('v3', rows.candidate)]), report([variant('v3', rows.base)]), gateConfig());
    expect(rule(same, 'maxRemovedCases')).toMatchObject({ verdict: 'pass', observed: 0 });
  });

  it('a changed gold label judges both reports against the candidate’s', () => {
    const base: CaseRow[] = [{ id: 'a', gold: 'artifact', prediction: 'artifact' }, ...pairedRows({ kept: 10 }).base];
    const cand: CaseRow[] = [{ id: 'a', gold: 'other', prediction: 'artifact' }, ...pairedRows({ kept: 10 }).candidate];
    const result = evaluateGate(report([variant('v3', cand)]), report([variant('v3', base)]), gateConfig());
    expect(rule(result, 'maxAccuracyDrop').broken).toBe(0); // wrong in both against the new gold
    expect(result.variants[0]!.notes.join(' ')).toMatch(/1 shared case\(s\) changed gold label/);
  });

  it('is plain JSON', () => {
    const { base, candidate } = pairedReports([{ kept: 27, broken: 1, wrong: 5 }]);
    const result = evaluateGate(candidate, base, gateConfig());
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });
});
