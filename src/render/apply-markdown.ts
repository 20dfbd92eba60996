import { isOutcome } from '../core/outcome.ts';
import type { Drift } from '../metrics/drift.ts';
import type { ApplyReport } from '../report/apply-schema.ts';
import { backendTitle, bar, driftNotes, driftVerdict, hashTitle, largestShare, psiWords, variantTitle, type ApplyView } from './apply-view.ts';
import { mdCode, mdData, mdText } from './escape.ts';
import { count, pct, pctInterval, pp } from './format.ts';
import { mdTable } from './table.ts';

/** Bars in a markdown table: a fixed width, since the reader's window is unknown. */
const MD_BAR = 24;

/** `labelgate apply --format markdown`: for a pull request or a step summary, every data string inert on GitHub. */
export function renderApplyMarkdown(view: ApplyView): string {
  const r = view.report;
  const out = ['## labelgate apply', '', identity(r), '', ...distribution(r), ...outcomeExamples(r)];
  if (view.compared) out.push('', ...driftMarkdown(view.compared.file, view.compared.earlier, view.compared.drift));
  return `${out.join('\n')}\n`;
}

function identity(r: ApplyReport): string {
  const c = r.corpus;
  const shard = c.shard ? ` · shard ${c.shard.index}/${c.shard.count} of ${count(c.totalSize ?? c.size)}` : '';
  return `Variant ${mdCode(variantTitle(r), 80)} (prompt ${mdCode(hashTitle(r.variant.hash))}) · backend ${mdCode(backendTitle(r), 80)} · corpus ${mdCode(c.path, 120)} (hash ${mdCode(c.hash)}, ${count(c.size)} cases${shard})`;
}

function distribution(r: ApplyReport): string[] {
  const d = r.distribution;
  const max = largestShare(d.rows.map((row) => row.share));
  const rows = d.rows.map((row) => [mdData(row.label), count(row.count), pct(row.share), pctInterval(row.ci), bar(row.share, max, MD_BAR)]);
  return [mdTable(['label', 'cases', 'share', '95% CI (Wilson)', ''], [...rows, ['**total**', count(d.total), '', '', '']], ['l', 'r', 'r', 'r', 'l']), '', max > 0 ? `A full bar is ${pct(max)} of the cases (the largest share).` : 'No cases.'];
}

function outcomeExamples(r: ApplyReport): string[] {
  const bad = r.cases.filter((c) => isOutcome(c.prediction));
  if (bad.length === 0) return [];
  const shown = bad.slice(0, 5);
  return ['', `${count(bad.length)} case(s) without a valid label${bad.length > shown.length ? ` (the first ${shown.length})` : ''}:`, '', mdTable(['case', 'prediction', 'why'], shown.map((c) => [mdCode(c.id, 40), c.prediction, mdData(c.reason ?? '', 100)]))];
}

function driftMarkdown(file: string, earlier: ApplyReport, d: Drift): string[] {
  const level = `${Math.round(d.level * 100)}% CI`;
  const out = [
    `### Drift against ${mdCode(file, 120)}`,
    '',
    identity(earlier),
    '',
    `**${mdText(driftVerdict(d))}** · ${mdText(psiWords(d.psi.value, d.psi.band))}`,
    '',
    mdTable(
      ['label', 'earlier', 'later', 'change', level, ''],
      d.categories.map((c) => [mdData(c.label), `${pct(c.earlier.share)} (${count(c.earlier.count)})`, `${pct(c.later.share)} (${count(c.later.count)})`, pp(c.change), `${pp(c.ci.low)} to ${pp(c.ci.high)}`, c.shifted ? '\\*' : '']),
      ['l', 'r', 'r', 'r', 'r', 'l'],
    ),
    '',
    ...driftNotes(d).map((n) => `- ${mdData(n, 1000)}`),
  ];
  const ch = d.changes;
  out.push('');
  if (ch.shared === 0) out.push('No case id is in both reports: no label changes to count.');
  else {
    out.push(`**${count(ch.changed)} of ${count(ch.shared)} shared case(s) changed label** (${pct(ch.changed / ch.shared)}).`);
    if (ch.onlyEarlier > 0 || ch.onlyLater > 0) out.push('', `${count(ch.onlyEarlier)} case(s) only in the earlier report, ${count(ch.onlyLater)} only in this one.`);
    if (d.sameVariant) out.push('', 'Same variant, version and prompt hash: changes come from the backend or the model, not the prompt.');
    if (ch.transitions.length > 0) {
      out.push(
        '',
        mdTable(
          ['from', 'to', 'cases', 'examples'],
          ch.transitions.map((t) => [mdData(t.from), mdData(t.to), count(t.count), t.examples.map((id) => mdCode(id, 30)).join(', ') + (t.count > t.examples.length ? ', …' : '')]),
          ['l', 'l', 'r', 'l'],
        ),
      );
    }
  }
  return out;
}
