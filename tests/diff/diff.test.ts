import { describe, expect, it } from 'vitest';
import { diffReports, type ComparedVariant, type ReportDiff } from '../../src/diff/report-diff.ts';
import { MISSING } from '../../src/core/outcome.ts';
import { renderDiffMarkdown } from '../../src/render/diff-markdown.ts';
import { renderDiffText } from '../../src/render/diff-text.ts';
import type { CaseRow } from '../../src/report/schema.ts';
import { LABELS, pairedRows, report, variant } from '../helpers/reports.ts';

function compared(diff: ReportDiff, name = 'v3'): ComparedVariant {
  const v = diff.variants.find((x) => x.name === name);
  if (v?.status !== 'compared') throw new Error(`${name} not compared`);
  return v;
}

const BASE: CaseRow[] = [
  { id: 'k1', gold: 'artifact', prediction: 'artifact', query: 'version my dataset' },
  { id: 'k2', gold: 'other', prediction: 'other', query: 'reset password' },
  { id: 'f1', gold: 'other', prediction: 'artifact', query: 'docs mention artifacts' },
  { id: 'b1', gold: 'visualisation', prediction: 'visualisation', query: 'smooth my chart' },
  { id: 'c1', gold: 'integrations', prediction: 'other' },
  { id: 'w1', gold: 'other', prediction: 'integrations', query: 'same wrong answer' },
  { id: 'u1', gold: null, prediction: 'other', query: 'unlabeled' },
];
const CAND: CaseRow[] = [
  { id: 'k1', gold: 'artifact', prediction: 'artifact', query: 'version my dataset' },
  { id: 'k2', gold: 'other', prediction: 'other', query: 'reset password' },
  { id: 'f1', gold: 'other', prediction: 'other', query: 'docs mention artifacts' },
  { id: 'b1', gold: 'visualisation', prediction: 'invalid', query: 'smooth my chart' },
  { id: 'c1', gold: 'integrations', prediction: 'artifact' },
  { id: 'w1', gold: 'other', prediction: 'integrations', query: 'same wrong answer' },
  { id: 'u1', gold: null, prediction: 'artifact', query: 'unlabeled' },
];

describe('diffReports', () => {
  const base = report([variant('v3', BASE, { version: '3.0.0', hash: 'sha256:aaa' })]);
  const candidate = report([variant('v3', CAND, { version: '3.1.0', hash: 'sha256:bbb' })]);
  const diff = diffReports(base, candidate, { bootstrap: { seed: 7, resamples: 500 } });
  const v = compared(diff);

  it('groups flipped cases by transition, with gold, both predictions and the query (or nothing: the id)', () => {
    expect(v.flips.fixed).toEqual([{ id: 'f1', gold: 'other', base: 'artifact', candidate: 'other', query: 'docs mention artifacts' }]);
    expect(v.flips.broken).toEqual([{ id: 'b1', gold: 'visualisation', base: 'visualisation', candidate: 'invalid', query: 'smooth my chart' }]);
    expect(v.flips.changed).toEqual([{ id: 'c1', gold: 'integrations', base: 'other', candidate: 'artifact' }]);
    expect(v.paired).toBe(6); // the unlabeled case is not judged
  });

  it('agrees with each report’s own metrics when both cover the same cases', () => {
    const bm = base.variants[0]!.metrics;
    const cm = candidate.variants[0]!.metrics;
    expect(v.accuracy.base).toBeCloseTo(bm.accuracy, 12);
    expect(v.accuracy.candidate).toBeCloseTo(cm.accuracy, 12);
    expect(v.accuracy.delta).toBeCloseTo(cm.accuracy - bm.accuracy, 12);
    expect(v.macroF1.delta).toBeCloseTo(cm.macroF1 - bm.macroF1, 12);
    for (const l of v.perLabel) {
      expect(l.precision.delta).toBeCloseTo(cm.perLabel[l.label]!.precision - bm.perLabel[l.label]!.precision, 12);
      expect(l.recall.delta).toBeCloseTo(cm.perLabel[l.label]!.recall - bm.perLabel[l.label]!.recall, 12);
      expect(l.f1.delta).toBeCloseTo(cm.perLabel[l.label]!.f1 - bm.perLabel[l.label]!.f1, 12);
    }
    expect(v.perLabel.map((l) => l.label)).toEqual(LABELS);
  });

  it('gives the confusion-matrix change, with extra columns only where a case is', () => {
    expect(v.confusion.labels).toEqual(LABELS);
    expect(v.confusion.columns).toEqual([...LABELS, 'invalid']);
    const cell = (m: number[][], gold: string, pred: string) => m[LABELS.indexOf(gold)]![v.confusion.columns.indexOf(pred)]!;
    expect(cell(v.confusion.delta, 'other', 'artifact')).toBe(-1);
    expect(cell(v.confusion.delta, 'other', 'other')).toBe(1);
    expect(cell(v.confusion.delta, 'visualisation', 'invalid')).toBe(1);
    expect(cell(v.confusion.delta, 'integrations', 'other')).toBe(-1);
    expect(cell(v.confusion.delta, 'integrations', 'artifact')).toBe(1);
    expect(v.confusion.delta.flat().reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('reports version and hash changes and usage deltas', () => {
    expect(v.changes).toEqual({ version: true, hash: true, unbumped: false, backend: false, model: false, classifier: false });
    expect(v.usage.tokens).toEqual({ base: 0, candidate: 0, delta: 0 });
    const withUsage = diffReports(
      report([variant('v3', BASE.map((r) => ({ ...r, tokens: { prompt: 100, completion: 5, total: 105 } })), { costUsd: 0.01 })]),
      report([variant('v3', CAND.map((r) => ({ ...r, tokens: { prompt: 150, completion: 5, total: 155 } })), { costUsd: 0.015, hash: 'sha256:x' })]),
    );
    const u = compared(withUsage).usage;
    expect(u.tokens).toEqual({ base: 735, candidate: 1085, delta: 350 });
    expect(u.costUsd!.delta).toBeCloseTo(0.005, 12);
    expect(compared(withUsage).changes.unbumped).toBe(true);
  });

  it('has bootstrap intervals that contain the delta, reproducibly', () => {
    expect(v.accuracy.ci.low).toBeLessThanOrEqual(v.accuracy.delta);
    expect(v.accuracy.ci.high).toBeGreaterThanOrEqual(v.accuracy.delta);
    expect(v.macroF1.ci.low).toBeLessThanOrEqual(v.macroF1.ci.high);
    expect(diffReports(base, candidate, { bootstrap: { seed: 7, resamples: 500 } })).toEqual(diff);
    // Identical predictions: a zero-width interval.
    const same = compared(diffReports(base, base));
    expect(same.accuracy.ci).toEqual({ low: 0, high: 0 });
    expect(same.macroF1.ci).toEqual({ low: 0, high: 0 });
    expect(same.flips).toEqual({ fixed: [], broken: [], changed: [] });
  });

  it('lists added and removed variants', () => {
    const d = diffReports(report([variant('v1', BASE), variant('v3', BASE)]), report([variant('v3', CAND), variant('v4', CAND)]));
    expect(d.variants.map((x) => [x.name, x.status])).toEqual([
      ['v3', 'compared'],
      ['v4', 'added'],
      ['v1', 'removed'],
    ]);
  });

  it("gives a one-sided variant's numbers from its rows, not from the figures its report stores", () => {
    const v4 = variant('v4', CAND);
    const tampered = { ...v4, metrics: { ...v4.metrics, accuracy: 0.999, macroF1: 0.999, labeled: 1 } };
    const added = diffReports(report([variant('v1', BASE)]), report([tampered])).variants.find((x) => x.name === 'v4')!;
    expect(added.status).toBe('added');
    if (added.status !== 'added') return;
    const labeled = CAND.filter((r) => r.gold !== null);
    expect(added.labeled).toBe(labeled.length);
    expect(added.accuracy).toBe(labeled.filter((r) => r.prediction === r.gold).length / labeled.length);
    expect(added.macroF1).toBe(v4.metrics.macroF1);
    expect(added.macroF1).not.toBe(0.999);
  });

  it('counts a case missing from the candidate as broken, in a "(missing)" column', () => {
    const d = compared(diffReports(base, report([variant('v3', CAND.filter((r) => r.id !== 'k1'))])));
    expect(d.missing).toBe(1);
    expect(d.flips.broken.map((f) => [f.id, f.candidate])).toContainEqual(['k1', MISSING]);
    expect(d.confusion.columns).toContain(MISSING);
  });

  it('compares reports on different datasets only on the ids they share, and says so', () => {
    const { base: b, candidate: c } = pairedRows({ kept: 40, broken: 10 });
    const d = diffReports(report([variant('v3', b)], { hash: 'sha256:one' }), report([variant('v3', c.slice(20))], { hash: 'sha256:two' }));
    expect(compared(d).paired).toBe(30);
    expect(compared(d).missing).toBe(0);
    expect(d.notes[0]).toMatch(/different datasets .* compared only on the 30 case ids they share \(20 only in the baseline and 0 only in the candidate/);
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
  });

  it('lists, by id, the baseline cases the candidate does not evaluate, on a changed dataset too', () => {
    // The candidate is scored on a dataset without the 10 cases it breaks: they are not paired, but listed.
    const { base: b, candidate: c } = pairedRows({ kept: 40, broken: 10 });
    const brokenIds = b.slice(40).map((r) => r.id);
    const d = diffReports(report([variant('v3', b)], { hash: 'sha256:full' }), report([variant('v3', c.slice(0, 40))], { hash: 'sha256:trimmed' }));
    expect(compared(d).flips.broken).toEqual([]);
    expect(compared(d).removed).toEqual(brokenIds);
    expect(renderDiffText(d)).toContain(`10 of the baseline's case(s) not evaluated by the candidate (the gate's maxRemovedCases): ${brokenIds.map((id) => `"${id}"`).join(', ')}\n`);
    const md = renderDiffMarkdown(d);
    expect(md).toContain(`⚠️ 10 of the baseline's case(s) not evaluated by the candidate (the gate's maxRemovedCases): ${brokenIds.map((id) => `<code>${id}</code>`).join(', ')}`);
    // Nothing removed: no such line.
    expect(compared(diffReports(report([variant('v3', b)]), report([variant('v3', c)]))).removed).toEqual([]);
    expect(renderDiffText(diffReports(report([variant('v3', b)]), report([variant('v3', c)])))).not.toContain('not evaluated by the candidate');
  });
});
