import { describe, expect, it } from 'vitest';
import { compareDistributions, labelChanges, populationStabilityIndex, PSI_EPSILON, psiBand } from '../../src/metrics/drift.ts';
import { applyReport, times } from '../helpers/apply-reports.ts';

const LABELS = ['a', 'b', 'c'];
const counts = (a: number, b: number, c: number, extra: string[] = []) => [...times('a', a), ...times('b', b), ...times('c', c), ...extra];

describe('populationStabilityIndex', () => {
  it('by hand: earlier 30/50/20 %, later 45/40/15 %', () => {
    // Σ (a − e)·ln(a/e), a later, e earlier:
    //   (0.45 − 0.30)·ln(0.45/0.30) = 0.15 · ln 1.5  = 0.15 · 0.405465 = 0.060820
    //   (0.40 − 0.50)·ln(0.40/0.50) = −0.10 · ln 0.8 = −0.10 · −0.223144 = 0.022314
    //   (0.15 − 0.20)·ln(0.15/0.20) = −0.05 · ln 0.75 = −0.05 · −0.287682 = 0.014384
    //   PSI = 0.097518: just under the conventional 0.1.
    const psi = populationStabilityIndex([0.3, 0.5, 0.2], [0.45, 0.4, 0.15]);
    expect(psi).toBeCloseTo(0.060820 + 0.022314 + 0.014384, 5);
    expect(psi).toBeCloseTo(0.0975182, 6);
    expect(psiBand(psi)).toBe('small');
  });

  it('a zero share is replaced by ε = 0.0001 (the others are kept)', () => {
    // earlier 50/50/0 %, later 40/50/10 %:
    //   (0.40 − 0.50)·ln 0.8 = 0.022314;  (0.50 − 0.50)·ln 1 = 0;
    //   (0.10 − 0.0001)·ln(0.10/0.0001) = 0.0999 · ln 1000 = 0.0999 · 6.907755 = 0.690085;  PSI = 0.712399.
    expect(PSI_EPSILON).toBe(1e-4);
    const psi = populationStabilityIndex([0.5, 0.5, 0], [0.4, 0.5, 0.1]);
    expect(psi).toBeCloseTo(0.712399, 6);
    expect(psiBand(psi)).toBe('large');
    // Absent on both sides: ε against ε adds nothing.
    expect(populationStabilityIndex([0.5, 0.5, 0], [0.5, 0.5, 0])).toBe(0);
    expect(psiBand(0.1)).toBe('moderate');
    expect(psiBand(0.25)).toBe('large');
  });
});

describe('compareDistributions', () => {
  // The 2 × 3 table worked by hand in chi-square.test.ts: earlier 30/50/20, later 45/40/15 (100 cases each):
  // χ² = 2·(1.5 + 5/9 + 5/14) = 4.825397, df 2, p = e^(−χ²/2) = 0.0895733. invalid and error hold no case
  // on either side: they are left out of the test (a 2 × 5 table would have all-zero columns).
  const earlier = applyReport(LABELS, counts(30, 50, 20), { name: 'v1' });
  const later = applyReport(LABELS, counts(45, 40, 15), { name: 'v3', version: '3.0.0', hash: 'sha256:bbbb' });

  it('the chi-square test, the PSI and what was dropped', () => {
    const d = compareDistributions(earlier, later);
    expect(d.dropped).toEqual(['invalid', 'error']);
    expect(d.chiSquare.statistic).toBeCloseTo(4.825397, 6);
    expect(d.chiSquare.df).toBe(2);
    expect(d.chiSquare.pValue).toBeCloseTo(0.0895733, 6);
    expect(d.psi.value).toBeCloseTo(0.0975182, 6);
    expect(d.psi.band).toBe('small');
    expect(d.flagged).toBe(false);
    expect(d.categories.map((c) => [c.label, c.earlier.count, c.later.count, Number(c.change.toFixed(10))])).toEqual([
      ['a', 30, 45, 0.15],
      ['b', 50, 40, -0.1],
      ['c', 20, 15, -0.05],
      ['invalid', 0, 0, 0],
      ['error', 0, 0, 0],
    ]);
  });

  it("per-label intervals are Newcombe's at 1 − α; a label is marked only when the overall test is significant", () => {
    // At α = 0.05, a's 95% interval (0.0159 to 0.2768) excludes 0, but p = 0.0896: nothing is marked.
    const at05 = compareDistributions(earlier, later, 0.05);
    expect(at05.categories[0]!.ci.low).toBeCloseTo(0.015852, 5);
    expect(at05.categories[0]!.ci.high).toBeCloseTo(0.276831, 5);
    expect(at05.categories.some((c) => c.shifted)).toBe(false);
    // At α = 0.1 the test is significant; 90% intervals: a 0.0374 to 0.2574 (marked), b −0.2118 to 0.0155,
    // c −0.1384 to 0.0390 (not marked). Values from Newcombe's formula written apart in Python.
    const at10 = compareDistributions(earlier, later, 0.1);
    expect(at10.flagged).toBe(true);
    expect(at10.level).toBeCloseTo(0.9, 12);
    expect(at10.categories[0]!.ci.low).toBeCloseTo(0.037378, 5);
    expect(at10.categories[0]!.ci.high).toBeCloseTo(0.257414, 5);
    expect(at10.categories[1]!.ci.low).toBeCloseTo(-0.211815, 5);
    expect(at10.categories[1]!.ci.high).toBeCloseTo(0.015503, 5);
    expect(at10.categories.map((c) => c.shifted)).toEqual([true, false, false, false, false]);
  });

  it('zero cells: a category one side lacks stays in the test; ε enters only the PSI', () => {
    // earlier 50/50/0, later 40/50/10. Column totals 90, 100, 10 of 200; both rows expect 45, 50, 5.
    // Terms: (50−45)²/45 + 0 + (0−5)²/5 + (40−45)²/45 + 0 + (10−5)²/5 = 0.5556 + 5 + 0.5556 + 5 = 11.1111.
    // df 2: p = e^(−11.1111/2) = 0.0038659. No cell expects fewer than 5 (5 is not fewer).
    const d = compareDistributions(applyReport(LABELS, counts(50, 50, 0)), applyReport(LABELS, counts(40, 50, 10)));
    expect(d.chiSquare.statistic).toBeCloseTo(100 / 9, 10);
    expect(d.chiSquare.pValue).toBeCloseTo(0.0038659, 6);
    expect(d.chiSquare.lowExpected).toBe(0);
    expect(d.dropped).toEqual(['invalid', 'error']);
    expect(d.psi.value).toBeCloseTo(0.712399, 6);
    expect(d.flagged).toBe(true);
    expect(d.categories.find((c) => c.label === 'c')!.shifted).toBe(true);
  });

  it('invalid and error are categories like any label: counted, tested, never dropped when they occur', () => {
    const d = compareDistributions(applyReport(LABELS, counts(10, 10, 10, ['invalid'])), applyReport(LABELS, counts(10, 10, 10, ['error', 'error'])));
    expect(d.dropped).toEqual([]);
    expect(d.chiSquare.df).toBe(4);
    expect(d.chiSquare.lowExpected).toBe(4);
    expect(d.categories.slice(3).map((c) => [c.label, c.earlier.count, c.later.count])).toEqual([
      ['invalid', 1, 0],
      ['error', 0, 2],
    ]);
  });

  it('label sets that differ: the union, later labels first', () => {
    const d = compareDistributions(applyReport(['a', 'old'], ['a', 'old', 'old']), applyReport(['new', 'a'], ['new', 'a', 'a']));
    expect(d.categories.map((c) => c.label)).toEqual(['new', 'a', 'old', 'invalid', 'error']);
  });

  it('one category only: nothing to test, nothing flagged', () => {
    const d = compareDistributions(applyReport(['a'], ['a', 'a']), applyReport(['a'], ['a']));
    expect(d.chiSquare).toMatchObject({ df: 0, pValue: 1, significant: false });
    expect(d.flagged).toBe(false);
  });

  it('same variant, version and hash is noticed', () => {
    expect(compareDistributions(earlier, earlier).sameVariant).toBe(true);
    expect(compareDistributions(earlier, later).sameVariant).toBe(false);
  });
});

describe('labelChanges', () => {
  it('counts the cases both reports hold and tabulates the moves, most frequent first', () => {
    const before = applyReport(['x', 'y'], ['x', 'x', 'y', 'y', 'x', 'invalid'], { ids: ['1', '2', '3', '4', '5', '6'] });
    const after = applyReport(['x', 'y'], ['y', 'x', 'x', 'y', 'y', 'x', 'x'], { ids: ['1', '2', '3', '4', '5', '6', '7'] });
    const ch = labelChanges(before, after, 1);
    // Shared 1–6; changed: 1 x→y, 3 y→x, 5 x→y, 6 invalid→x.
    expect(ch).toEqual({
      shared: 6,
      changed: 4,
      onlyEarlier: 0,
      onlyLater: 1,
      transitions: [
        { from: 'x', to: 'y', count: 2, examples: ['1'] },
        { from: 'invalid', to: 'x', count: 1, examples: ['6'] },
        { from: 'y', to: 'x', count: 1, examples: ['3'] },
      ],
    });
  });

  it('no shared id: nothing to count', () => {
    const ch = labelChanges(applyReport(['x'], ['x'], { ids: ['a'] }), applyReport(['x'], ['x'], { ids: ['b'] }));
    expect(ch).toEqual({ shared: 0, changed: 0, onlyEarlier: 1, onlyLater: 1, transitions: [] });
  });
});
