import { type Report, type VariantResult } from '../report/schema.ts';
import { excerpt } from '../core/text.ts';
import { mdCode, mdData, mdDollars, mdText } from './escape.ts';
import { count, pct } from './format.ts';
import { repeatLines } from './repeat-lines.ts';
import { costLine, PER_LABEL_ALIGN, PER_LABEL_HEADER, perLabelRows, summaryAlign, summaryHeader, summaryRows } from './report-rows.ts';
import { mdTable, type Align } from './table.ts';

export function renderSummaryMarkdown(report: Report): string {
  return mdTable(summaryHeader(report), summaryRows(report, (t) => mdData(t), '\\*').map((row) => row.map(mdDollars)), summaryAlign(report));
}

export function renderReportMarkdown(report: Report): string {
  const d = report.dataset;
  const out = [
    '## labelgate report',
    '',
    `Dataset ${mdCode(excerpt(d.path, 120))} · hash ${mdCode(d.hash)} · ${count(d.size)} cases · split ${mdText(d.split)}${d.shard ? ` · shard ${d.shard.index}/${d.shard.count}` : ''} · labels ${d.labels.map((l) => mdData(l)).join(', ')}`,
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
  const perLabel = mdTable(PER_LABEL_HEADER, perLabelRows(v, (t) => mdData(t), '\\*'), PER_LABEL_ALIGN);
  const grid = mdTable(
    [mdText('gold \\ predicted'), ...m.confusion.columns.map((c) => mdData(c, 30))],
    m.confusion.labels.map((label, i) => [mdData(label), ...m.confusion.matrix[i]!.map(count)]),
    ['l', ...m.confusion.columns.map((): Align => 'r')],
  );
  const anyUndefined = v.labels.some((l) => m.perLabel[l]?.undefinedMetrics);
  return [
    `### ${mdData(`${v.name}@${v.version}`, 80)}`,
    '',
    `${count(m.correct)}/${count(m.labeled)} correct · weighted F1 ${pct(m.weightedF1)} · macro-F1 interval from ${count(m.macroF1CI.resamples)} bootstrap resamples (seed ${m.macroF1CI.seed})`,
    ...listed([costLine(v, (t) => mdData(t, 200)), ...(v.repeats ? repeatLines(v.repeats, (t) => mdData(t, 40)) : [])]),
    '',
    perLabel,
    ...(anyUndefined ? ['', '\\* 0/0 (no gold cases or no predictions of the label), counted as 0 as scikit-learn does (`zero_division=0`).'] : []),
    '',
    '**Confusion** (rows gold, columns predicted)',
    '',
    grid,
  ];
}

/** Facts under a variant as a list; a dollar sign is escaped so that GitHub does not read "$…$" as math. */
function listed(lines: (string | undefined)[]): string[] {
  const facts = lines.filter((l) => l !== undefined);
  return facts.length === 0 ? [] : ['', ...facts.map((l) => `- ${mdDollars(l)}`)];
}
