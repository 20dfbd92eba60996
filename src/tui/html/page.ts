import { safe } from '../text.ts';
import { h, htmlDocument } from './document.ts';
import { caseMatches, NO_FILTER, prediction, TRANSITIONS, type CaseEntry } from '../model/cases.ts';
import type { CompareModel } from '../model/compare-model.ts';
import type { Grid } from '../model/confusion.ts';
import { BEST_MARK, SIGNIFICANT_MARK, type SummaryTable } from '../model/summary.ts';
import { scriptJson } from './escape-html.ts';
import { PAGE_SCRIPT, PAGE_STYLE } from './assets.ts';

/** Cases embedded in the page at most: the table is for browsing disagreements, not for holding a whole run. */
export const MAX_PAGE_CASES = 20_000;

function summarySection(t: SummaryTable): string {
  const many = t.columns.length > 1;
  const head = `<tr><th>metric</th>${t.columns.map((c, i) => `<th>${h(c)}${many && i === t.reference ? ' <span class="ref">[ref]</span>' : ''}</th>`).join('')}</tr>`;
  const rows = t.rows.map((r) => {
    const cells = r.cells.map((c, i) => {
      const delta = !many ? '' : i === t.reference ? '<span class="delta">ref</span>' : c.delta ? `<span class="delta${c.delta.test?.significant ? ' sig' : ''}${c.delta.value > 0 === (r.better === 'higher') && c.delta.value !== 0 ? ' good' : c.delta.value !== 0 ? ' bad' : ''}">${h(c.delta.text)}</span>` : '';
      return `<td class="${c.best ? 'best' : ''}" data-value="${c.value ?? ''}">${h(c.text)}${c.best ? BEST_MARK : ''}${c.detail ? ` <span class="ci">(${h(c.detail)})</span>` : ''} ${delta}</td>`;
    });
    return `<tr data-row="${h(r.key)}"><th>${h(r.label)}</th>${cells.join('')}</tr>`;
  });
  return `<section id="summary"><h2>Summary</h2><table class="summary">${head}${rows.join('')}</table><p class="legend">${BEST_MARK} best in row · changes against [ref] · ${SIGNIFICANT_MARK} significant by the gate's test (McNemar exact, one-sided, α=${t.alpha}; accuracy and per-label recall)</p></section>`;
}

function barsSection(model: CompareModel): string {
  const t = model.summary(0);
  const blocks = model.labels.map((label) => {
    const rows = (['recall', 'f1'] as const).flatMap((m) => {
      const row = t.rows.find((r) => r.key === `${m}:${label}`);
      if (!row) return [];
      return row.cells.map((c, i) => {
        const v = c.value ?? 0;
        return `<div class="bar-row"><span class="bar-name">${h(t.columns[i]!)} ${m === 'f1' ? 'F1' : 'recall'}</span><span class="bar"><span class="fill${m === 'f1' ? ' f1' : ''}" style="width:${(v * 100).toFixed(1)}%"></span></span><span class="bar-value">${h(c.text)}</span></div>`;
      });
    });
    return `<div class="bars"><h3>${h(label)}</h3>${rows.join('')}</div>`;
  });
  return `<section id="labels"><h2>Per label</h2><div class="bar-grid">${blocks.join('')}</div></section>`;
}

function cellStyle(grid: Grid, i: number, j: number): string {
  const c = grid.cells[i]![j]!;
  if (c.shade === 0) return '';
  const a = (0.15 + 0.75 * c.shade).toFixed(2);
  if (!grid.delta) return ` style="background:rgba(42,116,191,${a})"`;
  const good = c.diagonal ? c.count > 0 : c.count < 0;
  return ` style="background:${good ? `rgba(54,144,78,${a})` : `rgba(196,55,55,${a})`}"`;
}

function heatmap(grid: Grid, mode: string): string {
  const head = `<tr><th>gold \\ predicted</th>${grid.columns.map((c) => `<th>${h(c)}</th>`).join('')}</tr>`;
  const rows = grid.rows.map(
    (r, i) =>
      `<tr><th>${h(r)}</th>${grid.cells[i]!.map((c, j) => `<td class="cell${c.diagonal ? ' diag' : ''}" data-gold="${h(r)}" data-predicted="${h(grid.columns[j]!)}" data-count="${c.count}"${cellStyle(grid, i, j)}>${h(c.diagonal ? `[${c.text}]` : c.text)}</td>`).join('')}</tr>`,
  );
  return `<figure class="heatmap" data-title="${h(grid.title)}" data-mode="${mode}"><figcaption>${grid.delta ? 'Δ ' : ''}${h(grid.title)}</figcaption><table>${head}${rows.join('')}</table></figure>`;
}

function confusionSection(model: CompareModel, reference: number): string {
  const counts = [...model.grids('counts'), ...model.columns.map((_, i) => model.delta(reference, i, 'counts')).filter((g): g is Grid => g !== null)];
  const rows = model.grids('rows');
  return (
    `<section id="confusion"><h2>Confusion (rows gold, columns predicted; [diagonal] right)</h2><h3>Counts</h3><div class="heatmaps">${counts.map((g) => heatmap(g, 'counts')).join('')}</div>` +
    `<h3>Row shares (% of each gold label)</h3><div class="heatmaps">${rows.map((g) => heatmap(g, 'rows')).join('')}</div></section>`
  );
}

/** The cases the page can filter, with their transitions worked out by the same code as the terminal's filters. */
function pageCases(model: CompareModel, reference: number): { rows: unknown[]; total: number } {
  const rows: unknown[] = [];
  let total = 0;
  const transitions = TRANSITIONS.filter((t) => t !== 'any');
  model.cases.forEach((e: CaseEntry) => {
    if (!caseMatches(e, NO_FILTER, reference)) return;
    total++;
    if (rows.length >= MAX_PAGE_CASES) return;
    rows.push({
      id: safe(e.id),
      gold: e.gold === null ? null : safe(e.gold),
      query: safe(e.query),
      p: model.columns.map((_, k) => safe(prediction(e, k))),
      t: transitions.filter((t) => caseMatches(e, { ...NO_FILTER, transition: t }, reference)),
      d: caseMatches(e, { ...NO_FILTER, differentOnly: true }, reference) ? 1 : 0,
    });
  });
  return { rows, total };
}

function casesSection(model: CompareModel, reference: number): string {
  const { rows, total } = pageCases(model, reference);
  const options = (values: readonly string[]) => values.map((v) => `<option value="${h(v)}">${h(v)}</option>`).join('');
  const filters =
    `<div class="filters"><label>gold <select id="f-gold"><option value="">any</option>${options(model.labels)}</select></label>` +
    `<label>predicted <select id="f-predicted"><option value="">any</option>${options(model.predictions)}</select></label>` +
    `<label>transition vs [ref] <select id="f-transition">${TRANSITIONS.map((t) => `<option value="${t}">${t}</option>`).join('')}</select></label>` +
    `<label><input type="checkbox" id="f-different"> different only</label>` +
    `<label>search <input type="search" id="f-text" placeholder="id or query"></label></div>`;
  const head = `<tr><th>id</th><th>gold</th>${model.columns.map((c, i) => `<th>${h(c.title)}${i === reference && model.columns.length > 1 ? ' [ref]' : ''}</th>`).join('')}<th>query</th></tr>`;
  const note = total > rows.length ? `<p class="note">The page holds the first ${rows.length.toLocaleString('en')} of ${total.toLocaleString('en')} such cases.</p>` : '';
  return (
    `<section id="cases"><h2>Cases where the columns disagree or one is wrong</h2>${note}${filters}<p id="case-count" class="note"></p>` +
    `<table class="cases"><thead>${head}</thead><tbody id="case-rows"></tbody></table>` +
    `<script type="application/json" id="case-data">${scriptJson({ rows })}</script></section>`
  );
}

/** The comparison as one self-contained HTML page: no network, inline style and script, every dataset string escaped. */
export function renderHtmlPage(model: CompareModel, reference = 0): string {
  const d = model.reports[0]?.report.dataset;
  const title = `labelgate: ${model.columns.map((c) => c.title).join(' vs ')}`;
  const intro = d ? `<p>Dataset <code>${h(d.path)}</code> (${h(d.hash)}), ${model.cases.length.toLocaleString('en')} cases, split ${h(d.split)}; ${model.reports.map((r) => `<code>${h(r.name)}</code> of ${h(r.report.createdAt)}`).join(', ')}.</p>` : '';
  const body = `${intro}
${summarySection(model.summary(reference))}
${barsSection(model)}
${confusionSection(model, reference)}
${casesSection(model, reference)}`;
  return htmlDocument({ title, style: PAGE_STYLE, body, script: PAGE_SCRIPT });
}
