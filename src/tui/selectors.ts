import { filterCases, findMatch, type CaseEntry, type CaseFilter } from './model/cases.ts';
import type { CompareModel } from './model/compare-model.ts';
import type { ReducerContext, TuiState } from './state.ts';

/** Lines the frame keeps for the tab bar, the filter or status line and the footer. */
const CHROME_LINES = 4;
/** From this width up the detail pane sits beside the case list; below, under it. */
export const WIDE = 120;

export interface Layout {
  /** Lines for the view's body. */
  body: number;
  /** Cases view: lines of the list, and of the detail pane (0 when closed). */
  list: number;
  detail: number;
  /** The detail pane beside the list (wide) or under it (narrow). */
  detailBeside: boolean;
  detailWidth: number;
}

export function layout(state: TuiState): Layout {
  const body = Math.max(3, state.size.rows - CHROME_LINES);
  if (state.view !== 'cases' || !state.detail) return { body, list: body - 1, detail: 0, detailBeside: false, detailWidth: 0 };
  if (state.size.columns >= WIDE) {
    return { body, list: body - 1, detail: body, detailBeside: true, detailWidth: Math.floor(state.size.columns * 0.45) };
  }
  const detail = Math.max(5, Math.floor(body / 2));
  return { body, list: Math.max(1, body - detail - 1), detail, detailBeside: false, detailWidth: state.size.columns };
}

/** The first row of a window of `height` rows that keeps `cursor` in view, scrolling by half pages. */
export function windowStart(cursor: number, height: number, total: number): number {
  if (total <= height) return 0;
  return Math.max(0, Math.min(cursor - Math.floor(height / 2), total - height));
}

/** Filtering 100k cases takes milliseconds, but not on every key press: one result per filter. */
export function caseSelector(model: CompareModel): (filter: CaseFilter, reference: number) => Int32Array {
  let last: { filter: CaseFilter; reference: number; result: Int32Array } | null = null;
  return (filter, reference) => {
    if (last && last.filter === filter && last.reference === reference) return last.result;
    last = { filter, reference, result: filterCases(model.cases, filter, reference) };
    return last.result;
  };
}

/** Grids of the confusion view (one per column, and the delta grid): its cursor is the first one shown. */
export function confusionRows(model: CompareModel): number {
  return Math.max(1, model.columns.length + (model.columns.length > 1 ? 1 : 0));
}

export interface Selectors {
  visible(state: TuiState): Int32Array;
  selectedCase(state: TuiState): CaseEntry | undefined;
  context: ReducerContext;
}

export function selectors(model: CompareModel): Selectors {
  const visibleOf = caseSelector(model);
  const visible = (state: TuiState) => visibleOf(state.filter, state.reference);
  const context: ReducerContext = {
    labels: model.labels,
    predictions: model.predictions,
    listLength(state) {
      if (state.view === 'summary') return model.summary(state.reference).rows.length;
      if (state.view === 'confusion') return confusionRows(model);
      return visible(state).length;
    },
    pageSize(state) {
      return state.view === 'confusion' ? 1 : layout(state).list;
    },
    findMatch(state, text, from, direction) {
      return findMatch(model.cases, visible(state), text, from, direction);
    },
  };
  return {
    visible,
    selectedCase(state) {
      const v = visible(state);
      const i = v[state.cursor.cases];
      return i === undefined ? undefined : model.cases[i];
    },
    context,
  };
}
