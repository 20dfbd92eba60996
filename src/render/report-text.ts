import { type Report, type VariantResult } from '../report/schema.ts';
import { count, pct } from './format.ts';
import { repeatLines } from './repeat-lines.ts';
import { costLine, PER_LABEL_ALIGN, PER_LABEL_HEADER, perLabelRows, summaryAlign, summaryHeader, summaryRows } from './report-rows.ts';
import { termCell as name, textTable, type Align } from './table.ts';

/** Terminal rendering of a report: plain text, aligned columns, no colours (so it pastes anywhere). */

/** The compact one-row-per-variant table (also printed by `eval`). */
export function renderSummaryTable(report: Report): string {
  return textTable(summaryHeader(report), summaryRows(report, (t) => name(t, 40), '*'), summaryAlign(report));
}

export function renderReportText(report: Report): string {
  const d = report.dataset;
  const out = [
    `labelgate report: dataset ${name(d.path, 120)} (${d.hash}, ${count(d.size)} cases, split ${d.split}${d.shard ? `, shard ${d.shard.index}/${d.shard.count}` : ''}, labels ${d.labels.map((l) => name(l, 40)).join(', ')})`,
  ];
  const unknown = report.unknownPredictionIds ?? [];
  if (unknown.length > 0) {
    const shown = unknown.slice(0, 5).map((id) => `"${name(id, 40)}"`);
    out.push(`warning: ${count(unknown.length)} prediction(s) match no case in the dataset: ${shown.join(', ')}${unknown.length > 5 ? ', …' : ''}`);
  }
  out.push('', renderSummaryTable(report));
  if (report.variants.some((v) => v.metrics.undefinedMetrics?.includes('kappa'))) out.push(KAPPA_NOTE);
  for (const v of report.variants) out.push('', ...renderVariant(v));
  return `${out.join('\n')}\n`;
}

const UNDEFINED_NOTE = '* 0/0 (no gold cases or no predictions of the label), counted as 0 as scikit-learn does (zero_division=0)';
const KAPPA_NOTE = '* kappa is 0/0 here (every gold label and prediction is the same label), reported as 0';

function renderVariant(v: VariantResult): string[] {
  const m = v.metrics;
  const anyUndefined = v.labels.some((l) => m.perLabel[l]?.undefinedMetrics);
  const perLabel = textTable(PER_LABEL_HEADER, perLabelRows(v, (t) => name(t, 40), '*', ' '), PER_LABEL_ALIGN);
  const grid = textTable(
    ['gold \\ predicted', ...m.confusion.columns.map((c) => name(c, 16))],
    m.confusion.labels.map((label, i) => [name(label, 40), ...m.confusion.matrix[i]!.map(count)]),
    ['l', ...m.confusion.columns.map((): Align => 'r')],
  );
  return [
    `${name(`${v.name}@${v.version}`, 80)}: ${count(m.correct)}/${count(m.labeled)} correct, weighted F1 ${pct(m.weightedF1)}, macro-F1 interval from ${count(m.macroF1CI.resamples)} bootstrap resamples (seed ${m.macroF1CI.seed})`,
    ...[costLine(v, (t) => name(t, 200))].filter((line) => line !== undefined),
    ...(v.repeats ? repeatLines(v.repeats, (t) => name(t, 40)) : []),
    '',
    perLabel,
    ...(anyUndefined ? [UNDEFINED_NOTE] : []),
    '',
    'confusion (rows gold, columns predicted)',
    grid,
  ];
}
