import { type Report, type VariantResult } from '../report/schema.ts';
import { excerpt, mdCode, mdText } from './escape.ts';
import { count, pct } from './format.ts';
import { PER_LABEL_ALIGN, PER_LABEL_HEADER, perLabelRows, SUMMARY_ALIGN, SUMMARY_HEADER, summaryRows } from './summary.ts';

/** Number formatting lives in format.ts; re-exported so markdown renderers need one import. */
export { count, fixed, pct, pctInterval, pctWithCI, pp } from './format.ts';

export type Align = 'l' | 'r' | 'c';

const ALIGN_ROW: Record<Align, string> = { l: ':--', r: '--:', c: ':-:' };

/**
 * A GitHub-flavoured markdown table. Cells are markdown: pass anything that comes from data
 * through `mdText` (or `mdCode`) first, which escapes the pipes that would split a cell. Line breaks
 * cannot exist in a table row, so they are flattened here whatever the caller passed.
 */
export function mdTable(header: string[], rows: string[][], align?: Align[]): string {
  const cell = (text: string) => text.replace(/\r\n?|\n/g, ' ').trim() || ' ';
  const line = (cells: string[]) => `| ${header.map((_, i) => cell(cells[i] ?? '')).join(' | ')} |`;
  return [line(header), `|${header.map((_, i) => ALIGN_ROW[align?.[i] ?? 'l']).join('|')}|`, ...rows.map(line)].join('\n');
}

/** Label or other data text for a cell: escaped and kept short. */
export function mdName(text: string, max = 60): string {
  return mdText(excerpt(text, max));
}

export function renderSummaryMarkdown(report: Report): string {
  return mdTable(SUMMARY_HEADER, summaryRows(report, (t) => mdName(t), '\\*'), SUMMARY_ALIGN);
}

export function renderReportMarkdown(report: Report): string {
  const d = report.dataset;
  const out = [
    '## labelgate report',
    '',
    `Dataset ${mdCode(excerpt(d.path, 120))} · hash ${mdCode(d.hash)} · ${count(d.size)} cases · split ${mdText(d.split)} · labels ${d.labels.map((l) => mdName(l)).join(', ')}`,
  ];
  const unknown = report.unknownPredictionIds ?? [];
  if (unknown.length > 0) {
    const shown = unknown.slice(0, 5).map((id) => mdCode(excerpt(id, 40)));
    out.push('', `> **Warning:** ${count(unknown.length)} prediction(s) match no case in the dataset: ${shown.join(', ')}${unknown.length > 5 ? ', …' : ''}`);
  }
  out.push('', renderSummaryMarkdown(report));
  if (report.variants.some((v) => v.metrics.undefinedMetrics?.includes('kappa'))) {
    out.push('', '\\* kappa is 0/0 here (every gold label and prediction is the same label), reported as 0.');
  }
  for (const v of report.variants) out.push('', ...renderVariantMarkdown(v));
  return `${out.join('\n')}\n`;
}

function renderVariantMarkdown(v: VariantResult): string[] {
  const m = v.metrics;
  const perLabel = mdTable(PER_LABEL_HEADER, perLabelRows(v, (t) => mdName(t), '\\*'), PER_LABEL_ALIGN);
  const grid = mdTable(
    [mdText('gold \\ predicted'), ...m.confusion.columns.map((c) => mdName(c, 30))],
    m.confusion.labels.map((label, i) => [mdName(label), ...m.confusion.matrix[i]!.map(count)]),
    ['l', ...m.confusion.columns.map((): Align => 'r')],
  );
  const anyUndefined = v.labels.some((l) => m.perLabel[l]?.undefinedMetrics);
  return [
    `### ${mdName(`${v.name}@${v.version}`, 80)}`,
    '',
    `${count(m.correct)}/${count(m.labeled)} correct · weighted F1 ${pct(m.weightedF1)} · macro-F1 interval from ${count(m.macroF1CI.resamples)} bootstrap resamples (seed ${m.macroF1CI.seed})`,
    '',
    perLabel,
    ...(anyUndefined ? ['', '\\* 0/0 (no gold cases or no predictions of the label), counted as 0 as scikit-learn does (`zero_division=0`).'] : []),
    '',
    '**Confusion** (rows gold, columns predicted)',
    '',
    grid,
  ];
}
