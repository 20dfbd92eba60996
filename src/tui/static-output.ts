import { mdText } from '../render/escape.ts';
import { mdTable, textTable } from '../render/table.ts';
import type { CompareModel } from './model/compare-model.ts';
import type { Grid, GridMode } from './model/confusion.ts';
import { BEST_MARK, SIGNIFICANT_MARK, type SummaryCell, type SummaryTable } from './model/summary.ts';
import { safe } from './text.ts';

/** `compare` without a terminal: the summary and the confusion grids from the same view model as the TUI. */

function cellText(c: SummaryCell, isRef: boolean, withDelta: boolean): string {
  const delta = withDelta ? (isRef ? ' ref' : c.delta ? ` ${c.delta.text}` : '') : '';
  return `${c.text}${c.best ? BEST_MARK : ''}${c.detail ? ` (${c.detail})` : ''}${delta}`;
}

function summaryCells(t: SummaryTable, name: (s: string) => string): { header: string[]; rows: string[][] } {
  const many = t.columns.length > 1;
  return {
    header: ['metric', ...t.columns.map((c, i) => name(c) + (many && i === t.reference ? ' [ref]' : ''))],
    rows: t.rows.map((r) => [name(r.label), ...r.cells.map((c, i) => cellText(c, i === t.reference, many))]),
  };
}

function legend(t: SummaryTable): string {
  return `${BEST_MARK} best in row; deltas against [ref]; ${SIGNIFICANT_MARK} significant by the gate's test (McNemar exact, one-sided, α=${t.alpha}; accuracy and per-label recall)`;
}

function gridCells(g: Grid, name: (s: string) => string): { header: string[]; rows: string[][] } {
  return {
    header: ['gold \\ predicted', ...g.columns.map(name)],
    rows: g.rows.map((r, i) => [name(r), ...g.cells[i]!.map((c) => (c.diagonal ? `[${c.text}]` : c.text))]),
  };
}

function gridsFor(model: CompareModel, reference: number, mode: GridMode): Grid[] {
  const deltas = model.columns.map((_, i) => model.delta(reference, i, mode)).filter((g): g is Grid => g !== null);
  return [...model.grids(mode), ...deltas];
}

export function renderCompareText(model: CompareModel, reference: number, mode: GridMode = 'counts'): string {
  const name = (s: string) => safe(s);
  const t = model.summary(reference);
  const s = summaryCells(t, name);
  const out = [`labelgate compare: ${model.columns.length} column(s), ${model.cases.length} case(s)`, '', textTable(s.header, s.rows, s.header.map((_, i) => (i === 0 ? 'l' : 'r'))), legend(t)];
  for (const g of gridsFor(model, reference, mode)) {
    const c = gridCells(g, name);
    out.push('', `${g.delta ? 'Δ ' : ''}${name(g.title)} (${mode === 'counts' ? 'counts' : 'row shares'}; rows gold, columns predicted; [diagonal] right)`, textTable(c.header, c.rows, c.header.map((_, i) => (i === 0 ? 'l' : 'r'))));
  }
  return `${out.join('\n')}\n`;
}

export function renderCompareMarkdown(model: CompareModel, reference: number, mode: GridMode = 'counts'): string {
  const name = (s: string) => mdText(safe(s));
  const t = model.summary(reference);
  const s = summaryCells(t, name);
  const out = ['## labelgate compare', '', mdTable(s.header, s.rows.map((r) => r.map((c, i) => (i === 0 ? c : mdText(c)))), s.header.map((_, i) => (i === 0 ? 'l' : 'r'))), '', mdText(legend(t))];
  for (const g of gridsFor(model, reference, mode)) {
    const c = gridCells(g, name);
    out.push('', `### ${g.delta ? 'Δ ' : ''}${name(g.title)}`, '', mdTable(c.header, c.rows.map((r) => r.map((x, i) => (i === 0 ? x : mdText(x)))), c.header.map((_, i) => (i === 0 ? 'l' : 'r'))));
  }
  return `${out.join('\n')}\n`;
}

/** The view model as data: what the text and the page show, for scripts. */
export function compareJson(model: CompareModel, reference: number, mode: GridMode = 'counts'): string {
  const t = model.summary(reference);
  return `${JSON.stringify({ columns: t.columns, reference: t.reference, alpha: t.alpha, summary: t.rows, grids: gridsFor(model, reference, mode) }, null, 2)}\n`;
}
