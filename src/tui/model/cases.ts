import { MISSING } from '../../core/outcome.ts';
import type { CaseRow } from '../../report/schema.ts';
import type { Column } from './columns.ts';

/** One case across every column. */
export interface CaseEntry {
  id: string;
  gold: string | null;
  query: string;
  /** The case's row in each column, or undefined when that variant has none (shown as `(missing)`). */
  rows: (CaseRow | undefined)[];
}

export const TRANSITIONS = ['any', 'broken', 'fixed', 'changed', 'all-wrong'] as const;
export type TransitionFilter = (typeof TRANSITIONS)[number];

export interface CaseFilter {
  /** `interesting`: the columns disagree or one is wrong; `all`: every case. */
  scope: 'interesting' | 'all';
  gold: string | null;
  /** A prediction any column made. */
  predicted: string | null;
  /** Against the reference column: broken (right there, wrong in another), fixed, changed (wrong, differently wrong elsewhere), all wrong. */
  transition: TransitionFilter;
  /** Only cases whose predictions are not all the same. */
  differentOnly: boolean;
  /** Case-insensitive, over id and query. */
  text: string;
}

export const NO_FILTER: CaseFilter = { scope: 'interesting', gold: null, predicted: null, transition: 'any', differentOnly: false, text: '' };

/** Every case id over every column, in first-seen order (the first column's order, then any others). */
export function buildCases(columns: readonly Column[]): CaseEntry[] {
  const byId = new Map<string, CaseEntry>();
  const list: CaseEntry[] = [];
  columns.forEach((c, k) => {
    for (const row of c.variant.cases) {
      let e = byId.get(row.id);
      if (!e) {
        e = { id: row.id, gold: row.gold, query: row.query ?? '', rows: new Array<CaseRow | undefined>(columns.length) };
        byId.set(row.id, e);
        list.push(e);
      } else if (e.rows[k]) continue;
      if (e.gold === null && row.gold !== null) e.gold = row.gold;
      if (e.query === '' && row.query) e.query = row.query;
      e.rows[k] = row;
    }
  });
  return list;
}

export function prediction(e: CaseEntry, column: number): string {
  return e.rows[column]?.prediction ?? MISSING;
}

function allSame(e: CaseEntry): boolean {
  const first = prediction(e, 0);
  for (let k = 1; k < e.rows.length; k++) if (prediction(e, k) !== first) return false;
  return true;
}

function transitionOf(e: CaseEntry, reference: number, t: TransitionFilter): boolean {
  if (t === 'any') return true;
  const gold = e.gold;
  if (gold === null) return false;
  const ref = prediction(e, reference);
  const refRight = ref === gold;
  for (let k = 0; k < e.rows.length; k++) {
    const p = prediction(e, k);
    if (t === 'all-wrong') {
      if (p === gold) return false;
      continue;
    }
    if (k === reference) continue;
    if (t === 'broken' && refRight && p !== gold) return true;
    if (t === 'fixed' && !refRight && p === gold) return true;
    if (t === 'changed' && !refRight && p !== gold && p !== ref) return true;
  }
  return t === 'all-wrong';
}

export function matchesText(e: CaseEntry, needle: string): boolean {
  if (needle === '') return true;
  const n = needle.toLowerCase();
  return e.id.toLowerCase().includes(n) || e.query.toLowerCase().includes(n);
}

export function caseMatches(e: CaseEntry, f: CaseFilter, reference: number): boolean {
  if (f.gold !== null && e.gold !== f.gold) return false;
  if (f.predicted !== null && !e.rows.some((_, k) => prediction(e, k) === f.predicted)) return false;
  const same = allSame(e);
  if (f.differentOnly && same) return false;
  if (f.scope === 'interesting' && same && (e.gold === null || prediction(e, 0) === e.gold)) return false;
  if (!transitionOf(e, reference, f.transition)) return false;
  return matchesText(e, f.text);
}

/** Indices of the cases that pass the filter, in list order. */
export function filterCases(cases: readonly CaseEntry[], f: CaseFilter, reference: number): Int32Array {
  const out = new Int32Array(cases.length);
  let n = 0;
  for (let i = 0; i < cases.length; i++) if (caseMatches(cases[i]!, f, reference)) out[n++] = i;
  return out.subarray(0, n);
}

/** The first row at or after `from` (or before, going back) whose case matches `needle`, wrapping round; -1 when none does. */
export function findMatch(cases: readonly CaseEntry[], visible: Int32Array, needle: string, from: number, direction: 1 | -1): number {
  const n = visible.length;
  if (n === 0 || needle === '') return -1;
  for (let step = 0; step < n; step++) {
    const pos = (((from + direction * step) % n) + n) % n;
    if (matchesText(cases[visible[pos]!]!, needle)) return pos;
  }
  return -1;
}

/** Describes a filter in words, for the filter bar and the page (empty parts left out). */
export function describeFilter(f: CaseFilter): string[] {
  return [
    f.scope === 'interesting' ? 'disagree or wrong' : 'all cases',
    ...(f.gold !== null ? [`gold=${f.gold}`] : []),
    ...(f.predicted !== null ? [`predicted=${f.predicted}`] : []),
    ...(f.transition !== 'any' ? [f.transition] : []),
    ...(f.differentOnly ? ['different only'] : []),
    ...(f.text !== '' ? [`text "${f.text}"`] : []),
  ];
}
