import { describe, expect, it } from 'vitest';
import { MISSING } from '../../src/core/outcome.ts';
import { filterCases, NO_FILTER, type CaseFilter } from '../../src/tui/model/cases.ts';
import { buildCompareModel } from '../../src/tui/model/compare-model.ts';
import { LABELS, report, variant } from '../helpers/reports.ts';
import { fixtureModel, specs } from './fixture.ts';

/** P(X ≥ k) for X ~ Binomial(n, ½), by exact integer enumeration (not the log-space sum under test). */
function upperTail(n: number, k: number): number {
  let num = 0n;
  let c = 1n;
  for (let j = 0; j <= n; j++) {
    if (j >= k) num += c;
    c = (c * BigInt(n - j)) / BigInt(j + 1);
  }
  return Number(num) / 2 ** n;
}

describe('summary view model', () => {
  const model = fixtureModel();
  const table = model.summary(0);
  const row = (key: string) => table.rows.find((r) => r.key === key)!;

  it('shows each column’s accuracy and marks the best', () => {
    const acc = row('accuracy');
    expect(acc.cells.map((c) => c.value)).toEqual([23 / 41, 32 / 41, 35 / 41]);
    expect(acc.cells.map((c) => c.best)).toEqual([false, false, true]);
    expect(acc.cells[2]!.text).toBe('85.4%');
  });

  it('measures deltas against the reference and marks what McNemar calls significant', () => {
    const acc = row('accuracy');
    expect(acc.cells[0]!.delta).toBeNull();
    const v2 = acc.cells[1]!.delta!;
    expect(v2.value).toBeCloseTo(9 / 41, 12);
    expect(v2.test).toMatchObject({ broken: 3, fixed: 12, n: 41 });
    // 576 / 32768 = (C(15,12)+C(15,13)+C(15,14)+C(15,15)) / 2^15
    expect(v2.test!.pValue).toBeCloseTo(576 / 32768, 12);
    expect(v2.test!.pValue).toBeCloseTo(upperTail(15, 12), 12);
    expect(v2.text).toBe('+22.0pp!');
    expect(acc.cells[2]!.delta!.test!.pValue).toBeCloseTo(upperTail(12, 12), 12);
  });

  it('leaves a small change unmarked and rows without a gate test untested', () => {
    // Gold "other" (k05 + f3 + w1 + h1 = 10 cases): v2 broke the hostile case and fixed f03, f07, f11.
    // Recall rises 20 points, but P(X ≥ 3 | 4, ½) = 5/16 is far from significant.
    const other = row('recall:other').cells[1]!.delta!;
    expect(other.test).toMatchObject({ broken: 1, fixed: 3, n: 10 });
    expect(other.test!.pValue).toBeCloseTo(5 / 16, 12);
    expect(other.test!.pValue).toBeCloseTo(upperTail(4, 3), 12);
    expect(other.text).toBe('+20.0pp');
    expect(row('macroF1').cells[1]!.delta!.test).toBeNull();
  });

  it('picks the lowest value as best where lower is better, and marks none when all agree', () => {
    const invalid = row('invalid');
    expect(invalid.cells.map((c) => c.value)).toEqual([0, 0, 6 / 41]);
    expect(invalid.cells.map((c) => c.best)).toEqual([true, true, false]);
    expect(row('error').cells.every((c) => !c.best)).toBe(true);
    expect(row('p50').cells.map((c) => c.best)).toEqual([true, false, false]);
  });

  it('turns round with the reference', () => {
    const t = model.summary(1);
    const acc = t.rows.find((r) => r.key === 'accuracy')!;
    expect(acc.cells[1]!.delta).toBeNull();
    expect(acc.cells[0]!.delta!.value).toBeCloseTo(-9 / 41, 12);
    expect(acc.cells[0]!.delta!.test).toMatchObject({ broken: 12, fixed: 3 });
  });
});

describe('confusion grids', () => {
  const model = fixtureModel();
  const s = specs();
  const count = (k: number, gold: string, predicted: string) => s.filter((c) => c.gold === gold && c.p[k] === predicted).length;

  it('hold each column’s counts, rows gold and columns predicted, with invalid as its own column', () => {
    const grids = model.grids('counts');
    expect(grids[0]!.columns).toEqual([...LABELS, 'invalid']);
    for (let k = 0; k < 3; k++) {
      grids[k]!.rows.forEach((gold, i) => grids[k]!.columns.forEach((p, j) => expect(grids[k]!.cells[i]![j]!.count, `${k} ${gold} ${p}`).toBe(count(k, gold, p))));
    }
    expect(grids[2]!.cells[LABELS.indexOf('artifact')]![4]!.text).toBe(String(count(2, 'artifact', 'invalid')));
  });

  it('row-normalises and takes differences cell by cell', () => {
    const rows = model.grids('rows')[0]!;
    const i = LABELS.indexOf('other');
    const support = s.filter((c) => c.gold === 'other').length;
    expect(rows.cells[i]![i]!.share).toBeCloseTo(count(0, 'other', 'other') / support, 12);
    const delta = model.delta(0, 1, 'counts')!;
    expect(delta.cells[i]![0]!.count).toBe(count(1, 'other', 'artifact') - count(0, 'other', 'artifact'));
    // v1 said artifact for f03, f07, f11 and w03; v2 for w03 and the hostile case.
    expect(delta.cells[i]![0]!.text).toBe('-2');
    expect(model.delta(1, 1, 'counts')).toBeNull();
  });
});

describe('case filters', () => {
  const model = fixtureModel();
  const ids = (f: Partial<CaseFilter>, reference = 0) => [...filterCases(model.cases, { ...NO_FILTER, ...f }, reference)].map((i) => model.cases[i]!.id[0]);
  const tally = (xs: (string | undefined)[]) => xs.reduce<Record<string, number>>((m, x) => ({ ...m, [x!]: (m[x!] ?? 0) + 1 }), {});

  it('shows by default the cases where the columns disagree or are wrong', () => {
    expect(tally(ids({}))).toEqual({ f: 12, b: 2, w: 6, h: 1 });
    expect(ids({ scope: 'all' })).toHaveLength(41);
  });

  it('filters by transition against the reference', () => {
    expect(tally(ids({ transition: 'broken' }))).toEqual({ b: 2, h: 1 });
    expect(tally(ids({ transition: 'fixed' }))).toEqual({ f: 12 });
    expect(tally(ids({ transition: 'changed' }))).toEqual({ w: 6 });
    expect(tally(ids({ transition: 'all-wrong' }))).toEqual({ w: 6 });
    // From v2's side, v2's breaks are fixes.
    expect(tally(ids({ transition: 'fixed' }, 1))).toEqual({ b: 2, h: 1 });
  });

  it('filters by gold, by any predicted label, by text over id and query', () => {
    expect(ids({ gold: 'other', scope: 'all' })).toHaveLength(specs().filter((c) => c.gold === 'other').length);
    expect(tally(ids({ predicted: 'invalid' }))).toEqual({ w: 6 });
    expect(ids({ text: 'SCRIPT' })).toEqual(['h']);
    expect(ids({ text: 'k03', scope: 'all' })).toEqual(['k']);
  });

  it('shows a case a column lacks as missing, and wrong', () => {
    const a = variant('a', [{ id: 'x', gold: 'other', prediction: 'other' }, { id: 'y', gold: 'other', prediction: 'other' }]);
    const b = variant('b', [{ id: 'x', gold: 'other', prediction: 'other' }]);
    const m = buildCompareModel([{ name: 'r', report: report([a, b]) }], 0.05);
    const y = m.cases.find((c) => c.id === 'y')!;
    expect(y.rows[1]).toBeUndefined();
    expect([...filterCases(m.cases, { ...NO_FILTER, transition: 'broken' }, 0)].map((i) => m.cases[i]!.id)).toEqual(['y']);
    expect(m.predictions).toContain(MISSING);
  });
});
