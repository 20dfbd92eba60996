import { isOutcome } from '../core/outcome.ts';
import { displayWidth, termText } from '../core/text.ts';
import type { Drift } from '../metrics/drift.ts';
import type { ApplyReport } from '../report/apply-schema.ts';
import {
  backendTitle,
  bar,
  DEFAULT_WIDTH,
  driftNotes,
  driftVerdict,
  hashTitle,
  largestShare,
  MAX_BAR,
  MIN_BAR,
  psiWords,
  variantTitle,
  type ApplyRenderOptions,
  type ApplyView,
} from './apply-view.ts';
import { count, pct, pctInterval, pp } from './format.ts';
import { termCell as name, textTable, type Align } from './table.ts';

/** `labelgate apply` for a terminal: plain text, bars made of characters, every data string made inert. */
export function renderApplyText(view: ApplyView, options: ApplyRenderOptions = {}): string {
  const width = options.width ?? DEFAULT_WIDTH;
  const r = view.report;
  const out = [...identity('labelgate apply', r), '', ...distribution(r, width), ...outcomeExamples(r)];
  if (view.compared) out.push('', ...driftText(view.compared.file, view.compared.earlier, view.compared.drift, width));
  return `${out.join('\n')}\n`;
}

function identity(title: string, r: ApplyReport): string[] {
  const c = r.corpus;
  const shard = c.shard ? `, shard ${c.shard.index}/${c.shard.count} of ${count(c.totalSize ?? c.size)}` : '';
  return [
    `${title}: ${name(variantTitle(r), 80)} (prompt ${name(hashTitle(r.variant.hash), 16)}) · backend ${name(backendTitle(r), 80)}`,
    `corpus ${name(c.path, 120)} (hash ${name(c.hash, 20)}, ${count(c.size)} cases${shard}) · ${name(r.createdAt, 30)}`,
  ];
}

/** A table whose last column is a bar as wide as the terminal leaves room for. */
function tableWithBars(header: string[], rows: string[][], align: Align[], shares: (number | undefined)[], max: number, width: number): string {
  const plain = textTable(header, rows, align);
  const used = Math.max(...plain.split('\n').map(displayWidth));
  const barWidth = Math.max(MIN_BAR, Math.min(MAX_BAR, width - used - 3));
  return textTable(
    [...header, ''],
    rows.map((row, i) => [...row, shares[i] === undefined ? '' : bar(shares[i]!, max, barWidth)]),
    [...align, 'l'],
  );
}

function distribution(r: ApplyReport, width: number): string[] {
  const d = r.distribution;
  const max = largestShare(d.rows.map((row) => row.share));
  const rows = d.rows.map((row) => [name(row.label, 40), count(row.count), pct(row.share), pctInterval(row.ci)]);
  const table = tableWithBars(['label', 'cases', 'share', '95% CI (Wilson)'], [...rows, ['total', count(d.total), '', '']], ['l', 'r', 'r', 'r'], [...d.rows.map((row) => row.share), undefined], max, width);
  return [table, max > 0 ? `a full bar is ${pct(max)} of the cases (the largest share)` : 'no cases'];
}

const EXAMPLES = 5;

/** The first few cases that are `invalid` or `error`, with why: these are never dropped, so they are shown. */
function outcomeExamples(r: ApplyReport): string[] {
  const bad = r.cases.filter((c) => isOutcome(c.prediction));
  if (bad.length === 0) return [];
  return [
    '',
    `${count(bad.length)} case(s) without a valid label${bad.length > EXAMPLES ? ` (the first ${EXAMPLES})` : ''}:`,
    ...bad.slice(0, EXAMPLES).map((c) => `  ${name(c.id, 40)}: ${c.prediction}${c.reason ? ` (${name(c.reason, 100)})` : ''}`),
  ];
}

function driftText(file: string, earlier: ApplyReport, d: Drift, width: number): string[] {
  const out = [...identity(`compared with ${name(file, 120)}`, earlier), '', driftVerdict(d), psiWords(d.psi.value, d.psi.band), ''];
  const level = `${Math.round(d.level * 100)}% CI`;
  out.push(
    textTable(
      ['label', 'earlier', 'later', 'change', level, ''],
      d.categories.map((c) => [name(c.label, 40), `${pct(c.earlier.share)} (${count(c.earlier.count)})`, `${pct(c.later.share)} (${count(c.later.count)})`, pp(c.change), `${pp(c.ci.low)} to ${pp(c.ci.high)}`, c.shifted ? '*' : '']),
      ['l', 'r', 'r', 'r', 'r', 'l'],
    ),
  );
  out.push(...driftNotes(d).map((n) => termText(n)));
  out.push('', ...pairedBars(d, width), '', ...changesText(d));
  return out;
}

/** Earlier and later bars under each other, one scale for both. */
function pairedBars(d: Drift, width: number): string[] {
  const shown = d.categories.filter((c) => c.earlier.count + c.later.count > 0);
  const max = largestShare(shown.flatMap((c) => [c.earlier.share, c.later.share]));
  const rows = shown.flatMap((c) => [
    [name(c.label, 40), 'earlier', pct(c.earlier.share)],
    ['', 'later', pct(c.later.share)],
  ]);
  const shares = shown.flatMap((c) => [c.earlier.share, c.later.share]);
  return [tableWithBars(['label', '', 'share'], rows, ['l', 'l', 'r'], shares, max, width)];
}

function changesText(d: Drift): string[] {
  const ch = d.changes;
  if (ch.shared === 0) return ['no case id is in both reports: no label changes to count'];
  const out = [`${count(ch.changed)} of ${count(ch.shared)} shared case(s) changed label (${pct(ch.changed / ch.shared)})`];
  if (ch.onlyEarlier > 0 || ch.onlyLater > 0) out.push(`${count(ch.onlyEarlier)} case(s) only in the earlier report, ${count(ch.onlyLater)} only in this one`);
  if (d.sameVariant) out.push('same variant, version and prompt hash: changes come from the backend or the model, not the prompt');
  if (ch.transitions.length > 0) {
    out.push(
      '',
      textTable(
        ['from', 'to', 'cases', 'examples'],
        ch.transitions.map((t) => [name(t.from, 30), name(t.to, 30), count(t.count), t.examples.map((id) => name(id, 30)).join(', ') + (t.count > t.examples.length ? ', …' : '')]),
        ['l', 'l', 'r', 'l'],
      ),
    );
  }
  return out;
}
