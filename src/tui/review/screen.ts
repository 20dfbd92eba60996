import type { WeakCase } from '../../dataset/weak.ts';
import type { Segment } from '../components/Line.tsx';
import { maxScroll, scrollWindow } from '../scroll.ts';
import { WIDE } from '../selectors.ts';
import { excerpt } from '../../core/text.ts';
import { fit, safe, width as textWidth, wrap } from '../text.ts';
import { footerHints, modeOf } from './keymap.ts';
import { currentCase, reviewAgreement, reviewCounts, reviewSpeed, type ReviewCounts } from './selectors.ts';
import type { HistoryEntry, ReviewContext, ReviewState } from './state.ts';

/**
 * The review screen as lines of segments, a pure function of the state: the component only draws
 * them, and the reducer's scroll limits come from the same geometry. Every piece of dataset text
 * (ids, query, document, variant names, reasons) goes through `safe` before it is measured.
 */

/** The title line above the body and the status and key lines below it. */
const CHROME_LINES = 3;
const QUERY_LINES = { narrow: 3, wide: 6 };
const OPINION_LINES = 2;

type Data = Pick<ReviewContext, 'cases' | 'labels'>;

export interface Geometry {
  wide: boolean;
  /** Lines between the title and the footer. */
  body: number;
  mainWidth: number;
  sideWidth: number;
  query: Segment[][];
  /** Narrow screens only: the other variants' opinions under the document. */
  opinions: Segment[][];
  /** Every line of the wrapped document, and the pane's height (its rule included). */
  document: Segment[][];
  docHeight: number;
}

export function geometry(state: ReviewState, data: Data): Geometry {
  const { columns, rows } = state.size;
  const wide = columns >= WIDE;
  const body = Math.max(6, rows - CHROME_LINES);
  const sideWidth = wide ? Math.min(56, Math.floor(columns * 0.38)) : 0;
  const mainWidth = wide ? columns - sideWidth - 1 : columns;
  const c = currentCase(state, data);
  const query = c ? capped(wrapped(`query: ${c.query}`, mainWidth, { bold: true }), wide ? QUERY_LINES.wide : QUERY_LINES.narrow) : [];
  const opinions = c && !wide ? capped(wrapped(`others: ${otherOpinions(c).join(' · ') || 'none (one variant)'}`, mainWidth, disagreeing(c) ? { color: 'yellow' } : {}), OPINION_LINES) : [];
  // Narrow: the proposal, the labels (or the notice) and the recent decisions take a line each.
  const below = wide ? 0 : 3 + opinions.length;
  const docHeight = Math.max(2, body - query.length - below);
  return { wide, body, mainWidth, sideWidth, query, opinions, document: c ? documentLines(c, mainWidth) : [], docHeight };
}

/** The reducer's view of the screen: how far the document scrolls, and by how much a page. */
export function reviewContext(cases: readonly WeakCase[], labels: readonly string[]): ReviewContext {
  const data = { cases, labels };
  return {
    cases,
    labels,
    maxScroll(state) {
      const g = geometry(state, data);
      return maxScroll(g.document.length, g.docHeight);
    },
    pageSize(state) {
      return Math.max(1, geometry(state, data).docHeight - 2);
    },
  };
}

export interface ReviewScreen {
  geometry: Geometry;
  title: string;
  /** The body (narrow) or its left column (wide). */
  main: Segment[][];
  /** The right column on a wide screen. */
  side: Segment[][] | null;
  status: string;
  hints: { keys: string; help: string }[];
}

export function reviewScreen(state: ReviewState, data: Data, files: string, now: number): ReviewScreen {
  const g = geometry(state, data);
  const counts = reviewCounts(state, data);
  const c = currentCase(state, data);
  const where = c ? ` · ${safe(c.id)} · ${c.opinions.length <= 1 ? 'one variant' : c.agreed ? 'variants agree' : 'variants disagree'}` : '';
  const title = `labelgate review · ${counts.decided} of ${counts.total} decided${where} · ${safe(files)}`;
  const hints = footerHints(modeOf(state), data.labels.length);
  const status = statusLine(state, data, counts, now, g.wide);
  if (!c) return { geometry: g, title, main: doneLines(state, data, counts, g.mainWidth, g.body, g.wide), side: null, status, hints };
  const doc = scrollWindow(g.document, state.scroll, g.mainWidth, g.docHeight, 'document', 'j/k');
  if (g.wide) return { geometry: g, title, main: [...g.query, ...doc], side: sideLines(state, data, c, g.sideWidth, g.body), status, hints };
  // The proposal sits right under the query and the recent decisions at the bottom, whatever the document's length.
  const padding = Array.from({ length: Math.max(0, g.docHeight - doc.length) }, (): Segment[] => [{ text: ' ' }]);
  const main = [...g.query, proposalLine(c, g.mainWidth), ...g.opinions, labelsLine(state, data, g.mainWidth), ...doc, ...padding, recentLine(state, data, g.mainWidth)];
  return { geometry: g, title, main, side: null, status, hints };
}

function statusLine(state: ReviewState, data: Data, counts: ReviewCounts, now: number, wide: boolean): string {
  const speed = reviewSpeed(state, now);
  const a = reviewAgreement(state, data);
  const kappa = a.kappa === null ? 'κ —' : `κ ${a.kappa.toFixed(2)}`;
  const agreement = wide ? `${kappa} over ${a.n} case(s) with a proposal${a.observed === null ? '' : `, ${Math.round(a.observed * 100)}% kept`}` : `${kappa} (n=${a.n})`;
  return [`accepted ${counts.accepted}`, `corrected ${counts.corrected}`, `flagged ${counts.flagged}`, `skipped ${counts.skipped}`, speed === null ? '—/min' : `${speed.toFixed(1)}/min`, agreement].join(' · ');
}

/** Text wrapped to `width` columns (one space of margin), each line a segment with `style`, every line indented by `indent` spaces. */
function wrapped(text: string, width: number, style: Partial<Segment> = {}, indent = 0): Segment[][] {
  const pad = ' '.repeat(indent);
  return wrap(safe(text), Math.max(10, width - 1 - indent)).map((l) => [{ text: pad + l, ...style }]);
}

/** At most `max` lines; the last one shown ends in "…" when lines were cut. */
function capped(lines: Segment[][], max: number): Segment[][] {
  if (lines.length <= max) return lines;
  const kept = lines.slice(0, max);
  const last = kept[max - 1]![0]!;
  // Wrapped lines leave a column of margin: the ellipsis fits in it.
  kept[max - 1] = [{ ...last, text: `${last.text}…` }];
  return kept;
}

/** The document with its paragraphs kept (each made safe on its own), wrapped to the pane. */
function documentLines(c: WeakCase, width: number): Segment[][] {
  if (c.document === undefined || c.document.trim() === '') return [[{ text: ' (no document)', dim: true }]];
  const lines: Segment[][] = [];
  for (const paragraph of c.document.split(/\r?\n/)) {
    const text = safe(paragraph).trim();
    // An empty Text takes no line in Ink: a blank line is one space.
    if (text === '') lines.push([{ text: ' ' }]);
    else for (const l of wrap(text, Math.max(10, width - 2))) lines.push([{ text: ` ${l}` }]);
  }
  return lines;
}

/** The opinions of the variants other than the proposer, a mark on those that differ from the proposal. */
function otherOpinions(c: WeakCase): string[] {
  return c.opinions
    .filter((o) => o.variant !== c.proposal?.by)
    .map((o) => `${o.label !== c.proposal?.label ? '≠ ' : ''}${o.variant} ${o.label}${o.reason ? ` (${excerpt(o.reason, 40)})` : ''}`);
}

const disagreeing = (c: WeakCase) => c.opinions.some((o) => o.label !== c.proposal?.label);

function proposalLine(c: WeakCase, width: number): Segment[] {
  if (!c.proposal) return [{ text: fit(safe('proposed: none (no variant gave a label): x, then pick one'), width), color: 'yellow' }];
  const head = `proposed: ${safe(c.proposal.label)}`;
  return [
    { text: head, bold: true, color: 'green' },
    { text: fit(safe(`  by ${c.proposal.by} · ${c.proposal.backend}`), Math.max(0, width - textWidth(head))), dim: true },
  ];
}

const numbered = (labels: readonly string[]) => labels.map((l, i) => `${i + 1} ${safe(l)}`);

/** While picking, the numbered labels to pick from; otherwise the last notice, or the labels as a reminder. */
function labelsLine(state: ReviewState, data: Data, width: number): Segment[] {
  if (state.picking) return [{ text: fit(`pick the right label: ${numbered(data.labels).join('  ')}${state.pick ? `  › ${state.pick}` : ''}`, width), inverse: true, bold: true }];
  if (state.notice) return [{ text: fit(`› ${safe(state.notice)}`, width), color: 'yellow' }];
  return [{ text: fit(`labels: ${numbered(data.labels).join('  ')}`, width), dim: true }];
}

/** One entry of the history as the recent list shows it. */
export function entryText(h: HistoryEntry, data: Data): string {
  const c = data.cases[h.index]!;
  const id = safe(excerpt(c.id, 24));
  if (h.kind === 'skip') return `↷ ${id} skipped`;
  const d = h.decision;
  if (d.decision === 'flagged') return `⚑ ${id} flagged`;
  if (d.decision === 'accepted') return `✓ ${id} ${safe(d.label!)}`;
  return `✎ ${id} ${safe(d.label!)} (was ${c.proposal ? safe(c.proposal.label) : 'none'})`;
}

const recent = (state: ReviewState, n: number) => state.history.slice(-n).reverse();

function recentLine(state: ReviewState, data: Data, width: number): Segment[] {
  const entries = recent(state, 4).map((h) => entryText(h, data));
  return [{ text: fit(entries.length === 0 ? 'recent: none yet' : `recent: ${entries.join(' · ')}`, width), dim: true }];
}

function sideLines(state: ReviewState, data: Data, c: WeakCase, width: number, height: number): Segment[][] {
  const lines: Segment[][] = [];
  const add = (text: string, style: Partial<Segment> = {}, indent = 0) => lines.push(...wrapped(text, width, style, indent));
  const blank = () => lines.push([{ text: ' ' }]);
  add('proposed', { dim: true });
  if (c.proposal) {
    add(c.proposal.label, { bold: true, color: 'green' }, 2);
    add(`by ${c.proposal.by} · ${c.proposal.backend}`, { dim: true }, 2);
  } else add('none: no variant gave a label', { color: 'yellow' }, 2);
  blank();
  add('other variants', { dim: true });
  const others = otherOpinions(c);
  if (others.length === 0) add('none (one variant)', {}, 2);
  for (const o of others) add(o, o.startsWith('≠') ? { color: 'yellow' } : {}, 2);
  blank();
  if (state.picking) add(`pick the right label${state.pick ? `: › ${state.pick}` : ''}`, { inverse: true, bold: true });
  else add('labels (x, then the number)', { dim: true });
  numbered(data.labels).forEach((l) => add(l, state.picking ? { bold: true } : {}, 2));
  if (state.notice) {
    blank();
    add(`› ${state.notice}`, { color: 'yellow' });
  }
  blank();
  const room = Math.max(0, height - lines.length - 1);
  const entries = recent(state, room);
  if (room > 0) {
    add(entries.length === 0 ? 'recent: none yet' : 'recent (⌫ takes back the first)', { dim: true });
    for (const h of entries) lines.push([{ text: fit(`  ${entryText(h, data)}`, width), dim: true }]);
  }
  return lines.slice(0, height);
}

function doneLines(state: ReviewState, data: Data, counts: ReviewCounts, width: number, height: number, wide: boolean): Segment[][] {
  const lines: Segment[][] = [];
  const add = (text: string, style: Partial<Segment> = {}) => lines.push(...wrapped(text, width, style));
  add(`All ${counts.total} case(s) are decided: ${counts.accepted} accepted, ${counts.corrected} corrected, ${counts.flagged} flagged.`, { bold: true });
  add('⌫ takes back the last decision; q quits.');
  if (state.notice) add(`› ${state.notice}`, { color: 'yellow' });
  lines.push([{ text: ' ' }]);
  const room = Math.max(0, height - lines.length - 1);
  const entries = recent(state, wide ? room : Math.min(room, 10));
  if (entries.length > 0) add('recent (⌫ takes back the first)', { dim: true });
  for (const h of entries) lines.push([{ text: fit(`  ${entryText(h, data)}`, width), dim: true }]);
  return lines.slice(0, height);
}
