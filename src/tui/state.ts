import { NO_FILTER, TRANSITIONS, type CaseFilter } from './model/cases.ts';
import type { GridMode } from './model/confusion.ts';

export const VIEWS = ['summary', 'confusion', 'cases'] as const;
export type View = (typeof VIEWS)[number];

export interface SearchState {
  /** The `/` prompt is open and takes the keys. */
  editing: boolean;
  draft: string;
  /** The committed search n/N step through. */
  text: string;
  /** The last search or step found nothing. */
  notFound: boolean;
}

/** Everything the terminal UI shows, as plain data; `reduce` is the only way it changes. */
export interface TuiState {
  view: View;
  help: boolean;
  quit: boolean;
  columnCount: number;
  /** The column deltas are measured against. */
  reference: number;
  /** The other column of the delta grid. */
  compare: number;
  gridMode: GridMode;
  /** Cursor (selected row) of each view; for the confusion view, the first grid row shown. */
  cursor: Record<View, number>;
  filter: CaseFilter;
  search: SearchState;
  detail: boolean;
  detailScroll: number;
  size: { columns: number; rows: number };
}

export type Action =
  | { type: 'move'; by: number }
  | { type: 'home' }
  | { type: 'end' }
  | { type: 'page'; by: 1 | -1 }
  | { type: 'view'; view: View }
  | { type: 'nextView'; by: 1 | -1 }
  | { type: 'help' }
  | { type: 'quit' }
  | { type: 'escape' }
  | { type: 'reference'; by: 1 | -1 }
  | { type: 'compare'; by: 1 | -1 }
  | { type: 'gridMode' }
  | { type: 'cycleGold' }
  | { type: 'cyclePredicted' }
  | { type: 'cycleTransition' }
  | { type: 'toggleDifferent' }
  | { type: 'toggleScope' }
  | { type: 'clearFilters' }
  | { type: 'searchStart' }
  | { type: 'searchInput'; text: string }
  | { type: 'searchBackspace' }
  | { type: 'searchCommit' }
  | { type: 'searchCancel' }
  | { type: 'searchStep'; by: 1 | -1 }
  | { type: 'detail' }
  | { type: 'detailScroll'; by: number }
  | { type: 'resize'; columns: number; rows: number };

export function initialState(columnCount: number, size: { columns: number; rows: number }, reference = 0): TuiState {
  const ref = Math.min(Math.max(0, reference), Math.max(0, columnCount - 1));
  return {
    view: 'summary',
    help: false,
    quit: false,
    columnCount,
    reference: ref,
    compare: columnCount > 1 ? (ref + 1) % columnCount : ref,
    gridMode: 'counts',
    cursor: { summary: 0, confusion: 0, cases: 0 },
    filter: NO_FILTER,
    search: { editing: false, draft: '', text: '', notFound: false },
    detail: false,
    detailScroll: 0,
    size,
  };
}

/** What the reducer needs to know about the data: list lengths, filter choices, search. Pure functions of the model and the state. */
export interface ReducerContext {
  /** Rows in the current view's list (summary rows, grid rows, filtered cases). */
  listLength(state: TuiState): number;
  /** Rows one page moves. */
  pageSize(state: TuiState): number;
  labels: readonly string[];
  predictions: readonly string[];
  /** The cursor position of the next match of `text` from `from` in `direction`, or -1. */
  findMatch(state: TuiState, text: string, from: number, direction: 1 | -1): number;
}

const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, x));
const cycle = <T>(list: readonly T[], current: T, by = 1): T => list[(list.indexOf(current) + by + list.length) % list.length]!;

/** Cycles through `null` (no filter) and each value. */
function cycleValue(values: readonly string[], current: string | null): string | null {
  const all: (string | null)[] = [null, ...values];
  return cycle(all, current);
}

function withCursor(state: TuiState, ctx: ReducerContext, cursor: number): TuiState {
  const n = ctx.listLength(state);
  const next = clamp(cursor, 0, Math.max(0, n - 1));
  if (next === state.cursor[state.view]) return state;
  return { ...state, cursor: { ...state.cursor, [state.view]: next }, detailScroll: 0 };
}

/** A filter change starts the case list from its top. */
function withFilter(state: TuiState, filter: CaseFilter): TuiState {
  return { ...state, filter, cursor: { ...state.cursor, cases: 0 }, detailScroll: 0 };
}

export function reduce(state: TuiState, action: Action, ctx: ReducerContext): TuiState {
  if (state.search.editing) return reduceSearch(state, action, ctx);
  switch (action.type) {
    case 'move':
      return withCursor(state, ctx, state.cursor[state.view] + action.by);
    case 'home':
      return withCursor(state, ctx, 0);
    case 'end':
      return withCursor(state, ctx, ctx.listLength(state) - 1);
    case 'page':
      return withCursor(state, ctx, state.cursor[state.view] + action.by * Math.max(1, ctx.pageSize(state)));
    case 'view':
      return { ...state, view: action.view, help: false };
    case 'nextView':
      return { ...state, view: cycle(VIEWS, state.view, action.by), help: false };
    case 'help':
      return { ...state, help: !state.help };
    case 'quit':
      return { ...state, quit: true };
    case 'escape':
      if (state.help) return { ...state, help: false };
      if (state.detail) return { ...state, detail: false };
      if (state.search.text !== '') return { ...state, search: { ...state.search, text: '', notFound: false } };
      return state;
    case 'reference': {
      if (state.columnCount < 2) return state;
      const reference = (state.reference + action.by + state.columnCount) % state.columnCount;
      const compare = state.compare === reference ? (reference + 1) % state.columnCount : state.compare;
      return withFilter({ ...state, reference, compare }, state.filter);
    }
    case 'compare': {
      if (state.columnCount < 2) return state;
      let compare = (state.compare + action.by + state.columnCount) % state.columnCount;
      if (compare === state.reference) compare = (compare + action.by + state.columnCount) % state.columnCount;
      return { ...state, compare };
    }
    case 'gridMode':
      return { ...state, gridMode: state.gridMode === 'counts' ? 'rows' : 'counts' };
    case 'cycleGold':
      return withFilter(state, { ...state.filter, gold: cycleValue(ctx.labels, state.filter.gold) });
    case 'cyclePredicted':
      return withFilter(state, { ...state.filter, predicted: cycleValue(ctx.predictions, state.filter.predicted) });
    case 'cycleTransition':
      return withFilter(state, { ...state.filter, transition: cycle(TRANSITIONS, state.filter.transition) });
    case 'toggleDifferent':
      return withFilter(state, { ...state.filter, differentOnly: !state.filter.differentOnly });
    case 'toggleScope':
      return withFilter(state, { ...state.filter, scope: state.filter.scope === 'all' ? 'interesting' : 'all' });
    case 'clearFilters':
      return withFilter(state, { ...state.filter, gold: null, predicted: null, transition: 'any', differentOnly: false, scope: 'interesting' });
    case 'searchStart':
      return { ...state, view: 'cases', help: false, search: { ...state.search, editing: true, draft: '' } };
    case 'searchStep': {
      if (state.search.text === '') return state;
      const from = state.cursor.cases + action.by;
      const pos = ctx.findMatch(state, state.search.text, from, action.by);
      if (pos < 0) return { ...state, search: { ...state.search, notFound: true } };
      return { ...state, cursor: { ...state.cursor, cases: pos }, search: { ...state.search, notFound: false }, detailScroll: 0 };
    }
    case 'detail':
      return state.view === 'cases' ? { ...state, detail: !state.detail, detailScroll: 0 } : state;
    case 'detailScroll':
      return state.detail ? { ...state, detailScroll: Math.max(0, state.detailScroll + action.by) } : state;
    case 'resize':
      return { ...state, size: { columns: action.columns, rows: action.rows } };
    default:
      return state;
  }
}

/** While the `/` prompt is open, keys edit the search text; Enter jumps to the first match, Esc gives up. */
function reduceSearch(state: TuiState, action: Action, ctx: ReducerContext): TuiState {
  const s = state.search;
  switch (action.type) {
    case 'searchInput':
      return { ...state, search: { ...s, draft: s.draft + action.text } };
    case 'searchBackspace':
      return { ...state, search: { ...s, draft: s.draft.slice(0, -1) } };
    case 'searchCancel':
      return { ...state, search: { ...s, editing: false, draft: '' } };
    case 'searchCommit': {
      const text = s.draft;
      const committed = { ...state, search: { editing: false, draft: '', text, notFound: false } };
      if (text === '') return committed;
      const pos = ctx.findMatch(committed, text, state.cursor.cases, 1);
      if (pos < 0) return { ...committed, search: { ...committed.search, notFound: true } };
      return { ...committed, cursor: { ...state.cursor, cases: pos }, detailScroll: 0 };
    }
    case 'resize':
    case 'quit':
      return reduce({ ...state, search: { ...s, editing: false } }, action, ctx);
    default:
      return state;
  }
}
