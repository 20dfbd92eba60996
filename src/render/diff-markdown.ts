import { TRANSITIONS, type ComparedVariant, type Flip, type ReportDiff, type VariantDiff } from '../diff/report-diff.ts';
import { changed, classifierName, costChange, deltaCell, deltaWithCI, modelName, ms, removedLine, signedCount, TRANSITION_TEXT } from './diff-cells.ts';
import { mdCode, mdData, mdDollars, mdText } from './escape.ts';
import { count, pct } from './format.ts';
import { cutLines, fitRendering, GITHUB_COMMENT_LIMIT } from './md-budget.ts';
import { mdTable, type Align } from './table.ts';

/** Lists longer than this fold into `<details>`. */
export const FOLD_AT = 10;

export interface DiffMarkdownOptions {
  /** The character budget (default: GitHub's comment limit); the result is never longer. */
  maxChars?: number;
  /** The heading level of the title (default 3, for a section of a comment). */
  level?: number;
}

/** What a rendering leaves out, from most to least detailed. */
const LEVELS = [
  { confusion: true, perLabel: true },
  { confusion: false, perLabel: true },
  { confusion: false, perLabel: false },
] as const;

/**
 * The diff as GitHub markdown, safe for any dataset text, within `maxChars` characters. When the
 * whole diff does not fit, flipped-case lists are shortened first, then the confusion matrices and
 * per-label tables go, and a note at the top says what was cut. The pull-request flow passes what
 * is left of the comment's budget after the gate's verdict.
 */
export function renderDiffMarkdown(diff: ReportDiff, options: DiffMarkdownOptions = {}): string {
  const max = options.maxChars ?? GITHUB_COMMENT_LIMIT;
  const h = '#'.repeat(options.level ?? 3);
  const maxRows = Math.max(0, ...diff.variants.flatMap((v) => (v.status === 'compared' ? TRANSITIONS.map((t) => v.flips[t].length) : [])));
  const render = (level: number, rows: number): string => diffMarkdown(diff, h, level, rows, maxRows);
  const fitted = fitRendering(render, LEVELS.length, maxRows, max);
  if (fitted !== undefined) return fitted;
  return cutLines(render(LEVELS.length - 1, 0), max, (n) => `> **Cut:** ${count(n)} more line(s) did not fit GitHub's ${count(GITHUB_COMMENT_LIMIT)}-character comment limit; run \`labelgate diff\` for the whole diff.`);
}

function diffMarkdown(diff: ReportDiff, h: string, level: number, rows: number, maxRows: number): string {
  const detail = LEVELS[level]!;
  const out = [`${h} labelgate diff`];
  const cut = cutSummary(diff, detail, rows, maxRows);
  if (cut) out.push('', `> **Cut to fit GitHub's ${count(GITHUB_COMMENT_LIMIT)}-character comment limit:** ${cut}. Run \`labelgate diff\` locally for everything.`);
  for (const note of diff.notes) out.push('', `> **Note:** ${mdData(note, 2000)}`);
  out.push('', summaryTable(diff));
  const unchanged = diff.variants.filter((v): v is ComparedVariant => v.status === 'compared' && !changed(v));
  if (unchanged.length > 0) out.push('', `No change in ${unchanged.map((v) => mdData(v.name, 40)).join(', ')}: same predictions on every paired case, same prompt and model.`);
  for (const v of diff.variants) if (v.status === 'compared' && changed(v)) out.push('', ...variantSection(v, h, detail, rows, diff.bootstrap));
  return `${out.join('\n')}\n`;
}

function cutSummary(diff: ReportDiff, detail: (typeof LEVELS)[number], rows: number, maxRows: number): string {
  const parts: string[] = [];
  if (rows < maxRows) {
    let hidden = 0;
    for (const v of diff.variants) if (v.status === 'compared') for (const t of TRANSITIONS) hidden += Math.max(0, v.flips[t].length - rows);
    parts.push(`${count(hidden)} flipped case(s) not listed (at most ${count(rows)} per group)`);
  }
  if (!detail.confusion) parts.push('confusion-matrix changes omitted');
  if (!detail.perLabel) parts.push('per-label tables omitted');
  return parts.join('; ');
}

function versionText(v: VariantDiff): string {
  if (v.status !== 'compared') return `${v.status} (${v.identity.version})`;
  return v.changes.version ? `${v.base.version} → ${v.candidate.version}` : v.candidate.version;
}

function summaryTable(diff: ReportDiff): string {
  const rows = diff.variants.map((v) => {
    if (v.status !== 'compared') {
      const acc = `${pct(v.accuracy)} (own ${count(v.labeled)} cases)`;
      return [mdData(v.name), mdData(versionText(v), 80), '–', v.status === 'added' ? `– → ${acc}` : `${acc} → –`, '–', pct(v.macroF1), '–', '–', '–', '–'];
    }
    return [
      mdData(v.name),
      mdData(versionText(v), 80) + (v.changes.unbumped ? ' ⚠️ content changed, version not bumped' : ''),
      count(v.paired),
      `${pct(v.accuracy.base)} → ${pct(v.accuracy.candidate)}`,
      deltaWithCI(v.accuracy),
      `${pct(v.macroF1.base)} → ${pct(v.macroF1.candidate)}`,
      deltaWithCI(v.macroF1),
      count(v.flips.broken.length),
      count(v.flips.fixed.length),
      count(v.flips.changed.length),
    ];
  });
  return mdTable(
    ['variant', 'version', 'paired cases', 'accuracy', 'Δ accuracy (95% CI)', 'macro-F1', 'Δ macro-F1 (95% CI)', 'broken', 'fixed', 'changed'],
    rows,
    ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
  );
}

function variantSection(v: ComparedVariant, h: string, detail: (typeof LEVELS)[number], rows: number, bootstrap: ReportDiff['bootstrap']): string[] {
  const out = [`${h}# ${mdData(v.name, 80)} · ${mdData(versionText(v), 80)}`, ''];
  const facts = changeFacts(v).map((f) => `- ${f}`);
  const usage = usageLine(v);
  if (usage) facts.push(`- ${usage}`);
  out.push(...facts);
  out.push('', `Paired on ${count(v.paired)} labeled case(s); intervals from ${count(bootstrap.resamples)} paired bootstrap resamples (seed ${bootstrap.seed}).`);
  if (detail.perLabel) {
    const table = mdTable(
      ['label', 'support', 'precision', 'recall', 'F1'],
      v.perLabel.map((l) => [mdData(l.label, 40), count(l.support), deltaCell(l.precision), deltaCell(l.recall), deltaCell(l.f1)]),
      ['l', 'r', 'r', 'r', 'r'],
    );
    out.push('', ...fold(`Per label (${count(v.perLabel.length)})`, table, v.perLabel.length > FOLD_AT, true));
  }
  if (detail.confusion) {
    const c = v.confusion;
    const table = mdTable(
      [mdText('gold \\ predicted'), ...c.columns.map((col) => mdData(col, 30))],
      c.labels.map((label, g) => [mdData(label, 40), ...c.delta[g]!.map(signedCount)]),
      ['l', ...c.columns.map((): Align => 'r')],
    );
    out.push('', ...fold('Confusion-matrix change (rows gold, columns predicted; candidate − baseline)', table, true));
  }
  for (const t of TRANSITIONS) {
    const flips = v.flips[t];
    if (flips.length === 0) continue;
    const { title, meaning } = TRANSITION_TEXT[t];
    const shown = flips.slice(0, rows);
    const heading = `${title}: ${count(flips.length)} (${meaning})`;
    const table = shown.length > 0 ? flipTable(shown) : '';
    const more = flips.length - shown.length;
    const body = [table, more > 0 ? `${shown.length > 0 ? '\n' : ''}… and ${count(more)} more not listed (comment size limit).` : ''].join('');
    out.push('', ...fold(heading, body, flips.length > FOLD_AT, true));
  }
  return out;
}

/** A `<details>` block when `folded`, else a bold heading; the body starts and ends on a blank line. */
function fold(summary: string, body: string, folded: boolean, bold = false): string[] {
  if (folded) return [`<details><summary>${summary}</summary>`, '', body, '', '</details>'];
  return [bold ? `**${summary}**` : summary, '', body];
}

function flipTable(flips: readonly Flip[]): string {
  return mdTable(
    ['case', 'gold', 'baseline', 'candidate'],
    flips.map((f) => [caseCell(f), mdData(f.gold, 40), mdData(f.base, 40), mdData(f.candidate, 40)]),
  );
}

/** The query's excerpt with the id after it, or the id alone. */
function caseCell(f: Flip): string {
  const id = mdCode(f.id, 40);
  return f.query !== undefined && f.query.trim() !== '' ? `${mdData(f.query, 80)} ${id}` : id;
}

function changeFacts(v: ComparedVariant): string[] {
  const facts: string[] = [];
  const c = v.changes;
  if (c.version) facts.push(`version ${mdData(v.base.version, 40)} → ${mdData(v.candidate.version, 40)}`);
  if (c.hash) facts.push(`prompt hash ${mdCode(v.base.hash, 12)} → ${mdCode(v.candidate.hash, 12)}${c.unbumped ? ' ⚠️ **content changed without a version bump**' : ''}`);
  if (c.backend || c.model) facts.push(`model ${mdData(modelName(v.base), 80)} → ${mdData(modelName(v.candidate), 80)}`);
  if (c.classifier) facts.push(`classifier ${mdCode(classifierName(v.base), 80)} → ${mdCode(classifierName(v.candidate), 80)}`);
  if (v.removed.length > 0) facts.push(`⚠️ ${removedLine(v, (id) => mdCode(id, 40), 10)}`);
  if (v.missing > 0) facts.push(`⚠️ ${count(v.missing)} baseline case(s) missing from the candidate, counted as wrong`);
  if (v.goldChanged > 0) facts.push(`${count(v.goldChanged)} case(s) changed gold label (both judged against the candidate's)`);
  return facts;
}

function usageLine(v: ComparedVariant): string {
  const u = v.usage;
  const parts: string[] = [];
  if (u.tokens.base > 0 || u.tokens.candidate > 0) parts.push(`tokens ${count(u.tokens.base)} → ${count(u.tokens.candidate)} (${u.tokens.delta < 0 ? '−' : '+'}${count(Math.abs(u.tokens.delta))})`);
  const cost = costChange(u, '→');
  if (cost) parts.push(mdDollars(cost));
  if (u.latencyMeanMs && (u.latencyMeanMs.base > 0 || u.latencyMeanMs.candidate > 0)) parts.push(`mean latency ${ms(u.latencyMeanMs.base)} → ${ms(u.latencyMeanMs.candidate)} ms`);
  return parts.join(' · ');
}
