import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { contentHash } from '../../src/core/hash.ts';
import { writeReport } from '../../src/report/io.ts';
import type { CaseRow, DatasetInfo, Report } from '../../src/report/schema.ts';
import { buildCompareModel } from '../../src/tui/model/compare-model.ts';
import { LABELS, report, variant } from '../helpers/reports.ts';

/** A case across the three columns: gold and each variant's prediction. */
export interface Spec {
  id: string;
  gold: string;
  p: [string, string, string];
  query: string;
}

export const HOSTILE_ID = 'h\u001b]0;pwned\u0007-1';
export const HOSTILE_QUERY = '<script>alert(1)</script> clear \u001b[2J screen';

const next = (l: string) => LABELS[(LABELS.indexOf(l) + 1) % LABELS.length]!;

/**
 * 41 cases over v1, v2, v3, counted by hand:
 *   k  20 right in all three
 *   f  12 v1 wrong, v2 and v3 right          (fixed against v1)
 *   b   2 v1 right, v2 wrong, v3 right       (broken by v2)
 *   w   6 wrong everywhere; v3 says invalid  (changed, all wrong)
 *   h   1 hostile text, gold other: v1 right, v2 artifact, v3 right (broken by v2)
 * v1 23/41 right, v2 32/41, v3 35/41. Against v1: v2 broke 3 and fixed 12, v3 broke 0 and fixed 12.
 */
export function specs(): Spec[] {
  const out: Spec[] = [];
  const add = (prefix: string, n: number, p: (g: string) => [string, string, string]) => {
    for (let i = 0; i < n; i++) {
      const gold = LABELS[i % LABELS.length]!;
      out.push({ id: `${prefix}${String(i).padStart(2, '0')}`, gold, p: p(gold), query: `${prefix} question ${i} about ${gold}` });
    }
  };
  add('k', 20, (g) => [g, g, g]);
  add('f', 12, (g) => [next(g), g, g]);
  add('b', 2, (g) => [g, next(g), g]);
  add('w', 6, (g) => [next(g), next(g), 'invalid']);
  out.push({ id: HOSTILE_ID, gold: 'other', p: ['other', 'artifact', 'other'], query: HOSTILE_QUERY });
  return out;
}

/** The document each case carries in the fixture's dataset: two paragraphs; the hostile case's holds escape sequences. */
export const documentOf = (id: string) =>
  id === HOSTILE_ID ? `Docs page ${HOSTILE_QUERY}\u001b]0;pwned-doc\u0007\n\nSecond paragraph of the hostile page.` : `Docs page for ${id}.\n\nSecond paragraph of ${id}.`;

/** The fixture's cases as a dataset file (JSONL with documents); its hash is what the report records. */
export function fixtureDataset(dir: string): { path: string; hash: string } {
  const file = path.join(dir, 'cases.jsonl');
  const text = specs()
    .map((c) => JSON.stringify({ id: c.id, query: c.query, document: documentOf(c.id), label: c.gold }))
    .join('\n');
  writeFileSync(file, `${text}\n`);
  return { path: file, hash: contentHash(`${text}\n`) };
}

export function fixtureReport(dataset: Partial<DatasetInfo> = {}): Report {
  const s = specs();
  const rows = (k: number): CaseRow[] =>
    s.map((c) => ({ id: c.id, gold: c.gold, prediction: c.p[k]!, query: c.query, raw: `{"label": "${c.p[k]}"}`, latencyMs: 100 * (k + 1), ...(c.p[k] === 'invalid' && { reason: 'not one of the labels' }) }));
  return report([variant('v1', rows(0)), variant('v2', rows(1), { version: '2.0.0' }), variant('v3', rows(2), { version: '3.0.0' })], dataset);
}

export function fixtureModel(alpha = 0.05) {
  return buildCompareModel([{ name: 'run', report: fixtureReport() }], alpha);
}

/**
 * The fixture report as `labelgate eval` writes one (one row per line: compare reads the rows after its
 * first frame); with `withDataset`, also the dataset it was made from, so the detail pane can show documents.
 */
export function writeFixture(dir: string, name = 'run.json', withDataset = false): string {
  const file = path.join(dir, name);
  writeReport(file, fixtureReport(withDataset ? fixtureDataset(dir) : {}));
  return file;
}
