import { count, fixed } from '../../render/format.ts';
import type { VariantResult } from '../../report/schema.ts';

export type GridMode = 'counts' | 'rows';

export interface GridCell {
  /** The count (or change in count). */
  count: number;
  /** Share of the row's cases, 0–1 (or its change, −1–1). */
  share: number;
  /** What is printed: the count, or the row share as a percentage. Always shown: colour only repeats it. */
  text: string;
  /** 0–1: how strongly to shade the cell (for a delta grid, of the absolute change). */
  shade: number;
  diagonal: boolean;
}

export interface Grid {
  title: string;
  /** Gold labels (rows). Untrusted text. */
  rows: string[];
  /** Predicted labels (columns): labels, then `invalid`, `error`, `(missing)` when they occur. */
  columns: string[];
  cells: GridCell[][];
  /** Cases per row (gold support). */
  totals: number[];
  delta: boolean;
}

/** A variant's matrix re-indexed by label name onto the shared rows and columns (a label it lacks counts 0). */
function aligned(v: VariantResult, rows: readonly string[], columns: readonly string[]): number[][] {
  const m = v.metrics.confusion;
  const r = new Map(m.labels.map((l, i) => [l, i]));
  const c = new Map(m.columns.map((l, i) => [l, i]));
  return rows.map((row) => {
    const i = r.get(row);
    return columns.map((col) => {
      const j = c.get(col);
      return i === undefined || j === undefined ? 0 : (m.matrix[i]?.[j] ?? 0);
    });
  });
}

/** Predicted columns over several variants: the rows' labels first, then the others in first-seen order. */
export function gridColumns(rows: readonly string[], variants: readonly VariantResult[]): string[] {
  const cols = new Set(rows);
  for (const v of variants) for (const c of v.metrics.confusion.columns) cols.add(c);
  return [...cols];
}

function cellText(mode: GridMode, n: number, share: number, signed: boolean): string {
  const sign = signed && n > 0 ? '+' : '';
  if (mode === 'counts') return signed && n < 0 ? `-${count(-n)}` : `${sign}${count(n)}`;
  const s = fixed(share * 100, 0);
  return `${signed && share > 0 && s !== '0' ? '+' : ''}${s === '-0' ? '0' : s}%`;
}

export function confusionGrid(title: string, v: VariantResult, rows: readonly string[], columns: readonly string[], mode: GridMode): Grid {
  const matrix = aligned(v, rows, columns);
  const totals = matrix.map((r) => r.reduce((a, b) => a + b, 0));
  const max = Math.max(1, ...matrix.flat());
  const cells = matrix.map((r, i) =>
    r.map((n, j): GridCell => {
      const share = totals[i]! === 0 ? 0 : n / totals[i]!;
      return { count: n, share, text: cellText(mode, n, share, false), shade: mode === 'counts' ? n / max : share, diagonal: rows[i] === columns[j] };
    }),
  );
  return { title, rows: [...rows], columns: [...columns], cells, totals, delta: false };
}

/** `column − reference`, cell by cell: counts, or row shares in percentage points. */
export function deltaGrid(title: string, reference: VariantResult, column: VariantResult, rows: readonly string[], columns: readonly string[], mode: GridMode): Grid {
  const a = confusionGrid('', reference, rows, columns, mode);
  const b = confusionGrid('', column, rows, columns, mode);
  const maxCount = Math.max(1, ...a.cells.flatMap((r, i) => r.map((c, j) => Math.abs(b.cells[i]![j]!.count - c.count))));
  const cells = a.cells.map((r, i) =>
    r.map((c, j): GridCell => {
      const n = b.cells[i]![j]!.count - c.count;
      const share = b.cells[i]![j]!.share - c.share;
      return { count: n, share, text: cellText(mode, n, share, true), shade: mode === 'counts' ? Math.abs(n) / maxCount : Math.min(1, Math.abs(share)), diagonal: c.diagonal };
    }),
  );
  return { title, rows: [...rows], columns: [...columns], cells, totals: b.totals.map((t, i) => t - a.totals[i]!), delta: true };
}
