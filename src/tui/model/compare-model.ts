import { type Report } from '../../report/schema.ts';
import { INVALID, ERROR, MISSING } from '../../core/outcome.ts';
import { allLabels, buildColumns, type Column, type NamedReport } from './columns.ts';
import { buildCases, type CaseEntry } from './cases.ts';
import { confusionGrid, deltaGrid, gridColumns, type Grid, type GridMode } from './confusion.ts';
import { summaryTable, type SummaryTable } from './summary.ts';

/**
 * The view model every comparison view reads (the terminal UI, the static text, markdown and JSON
 * output, the HTML page), so they never disagree. Pure: a function of the reports and the gate's α.
 */
export interface CompareModel {
  reports: NamedReport[];
  columns: Column[];
  /** Gold labels over all columns, in declared order. */
  labels: string[];
  /** Every value a prediction can take here: labels, then invalid, error, (missing). */
  predictions: string[];
  alpha: number;
  /** The reports' case rows are still being read (`readReportHead`): no cases yet, and the summary has no paired tests. */
  rowsPending: boolean;
  /** Every case across the columns; joined on first use, so the summary's first frame does not wait for it. */
  readonly cases: CaseEntry[];
  summary(reference: number): SummaryTable;
  grids(mode: GridMode): Grid[];
  delta(reference: number, column: number, mode: GridMode): Grid | null;
}

export function buildCompareModel(reports: readonly NamedReport[], alpha: number, rowsPending = false): CompareModel {
  const columns = buildColumns(reports);
  const labels = allLabels(columns);
  const raw: Report[] = reports.map((r) => r.report);
  const gridCols = gridColumns(labels, columns.map((c) => c.variant));
  let cases: CaseEntry[] | undefined;
  const summaries = new Map<number, SummaryTable>();
  const grids = new Map<GridMode, Grid[]>();
  return {
    reports: [...reports],
    columns,
    labels,
    predictions: [...new Set([...labels, INVALID, ERROR, MISSING])],
    alpha,
    rowsPending,
    get cases() {
      return (cases ??= buildCases(columns));
    },
    summary(reference) {
      let s = summaries.get(reference);
      if (!s) summaries.set(reference, (s = summaryTable(columns, raw, labels, reference, alpha, rowsPending)));
      return s;
    },
    grids(mode) {
      let g = grids.get(mode);
      if (!g) grids.set(mode, (g = columns.map((c) => confusionGrid(c.title, c.variant, labels, gridCols, mode))));
      return g;
    },
    delta(reference, column, mode) {
      const a = columns[reference];
      const b = columns[column];
      if (!a || !b || reference === column) return null;
      return deltaGrid(`${b.title} − ${a.title}`, a.variant, b.variant, labels, gridCols, mode);
    },
  };
}
