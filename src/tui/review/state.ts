import type { Decision, DecisionKind } from '../../dataset/gold.ts';
import type { WeakCase } from '../../dataset/weak.ts';

export const ORDERS = ['disagree-first', 'input'] as const;
export type Order = (typeof ORDERS)[number];

/** What the session did, oldest first; backspace takes back the newest. Decisions read from the gold file come first. */
export type HistoryEntry = { kind: 'decision'; index: number; decision: Decision; session: boolean } | { kind: 'skip'; index: number };

/** A change to the files the last action asks for; the container performs it before the next key. */
export type Effect = { type: 'append'; index: number; decision: Decision } | { type: 'remove'; id: string } | { type: 'skip'; id: string };

/** Everything the review screen shows, as plain data; `reduce` is the only way it changes. */
export interface ReviewState {
  /** Indexes of the cases still to decide, in the order they are asked; the first is on screen. */
  queue: readonly number[];
  history: readonly HistoryEntry[];
  /** Undecided cases skipped (in this session or an earlier one). */
  skipped: ReadonlySet<number>;
  /** After `x`: the number keys pick the right label; `pick` holds the digits typed so far. */
  picking: boolean;
  pick: string;
  help: boolean;
  quit: boolean;
  /** First document line shown. */
  scroll: number;
  /** One line about what the last key did or why it did nothing. */
  notice: string | null;
  size: { columns: number; rows: number };
  /** When this session started and when its last key was pressed (ms since the epoch). */
  startedAt: number;
  lastAt: number;
  effect: Effect | null;
}

export type Action =
  | { type: 'accept'; at: number }
  | { type: 'reject'; at: number }
  | { type: 'pickDigit'; digit: string; at: number }
  | { type: 'pickCommit'; at: number }
  | { type: 'pickBack'; at: number }
  | { type: 'flag'; at: number }
  | { type: 'skip'; at: number }
  | { type: 'undo'; at: number }
  | { type: 'scroll'; by: number }
  | { type: 'page'; by: 1 | -1 }
  | { type: 'help' }
  | { type: 'escape' }
  | { type: 'quit' }
  | { type: 'resize'; columns: number; rows: number };

/** What the reducer needs to know about the data and the screen: pure functions of them. */
export interface ReviewContext {
  cases: readonly WeakCase[];
  labels: readonly string[];
  /** The largest useful document scroll in this state (the document's last line at the pane's bottom). */
  maxScroll(state: ReviewState): number;
  /** Document lines one page scrolls. */
  pageSize(state: ReviewState): number;
}

/** Case indexes in the order they are asked: with `disagree-first`, the cases whose variants disagree, then the rest; each in file order. */
export function reviewOrder(cases: readonly Pick<WeakCase, 'agreed'>[], order: Order): number[] {
  const all = cases.map((_, i) => i);
  if (order === 'input') return all;
  return [...all.filter((i) => !cases[i]!.agreed), ...all.filter((i) => cases[i]!.agreed)];
}

export interface SessionStart {
  cases: readonly WeakCase[];
  order: Order;
  /** Decisions already in the gold file, in file order (ids not among the cases are ignored). */
  decided: readonly Decision[];
  /** Ids skipped in an earlier session: asked after the cases never seen. */
  skippedBefore: ReadonlySet<string>;
  size: { columns: number; rows: number };
  now: number;
  notice?: string;
}

/** A session resumes where the gold file stops: decided cases are never asked again, earlier skips come last. */
export function initialReviewState(start: SessionStart): ReviewState {
  const indexOf = new Map(start.cases.map((c, i) => [c.id, i]));
  const history: HistoryEntry[] = [];
  for (const d of start.decided) {
    const index = indexOf.get(d.id);
    if (index !== undefined) history.push({ kind: 'decision', index, decision: d, session: false });
  }
  const done = new Set(history.map((h) => h.index));
  const open = reviewOrder(start.cases, start.order).filter((i) => !done.has(i));
  const skippedBefore = (i: number) => start.skippedBefore.has(start.cases[i]!.id);
  const skipped = new Set(open.filter(skippedBefore));
  return {
    queue: [...open.filter((i) => !skipped.has(i)), ...open.filter((i) => skipped.has(i))],
    history,
    skipped,
    picking: false,
    pick: '',
    help: false,
    quit: false,
    scroll: 0,
    notice: start.notice ?? null,
    size: start.size,
    startedAt: start.now,
    lastAt: start.now,
    effect: null,
  };
}

const NONE_LEFT = 'every case is decided: ⌫ takes back the last decision, q quits';

export function reduce(prev: ReviewState, action: Action, ctx: ReviewContext): ReviewState {
  const state: ReviewState = { ...prev, effect: null, lastAt: 'at' in action ? action.at : prev.lastAt };
  const current = state.queue[0];
  switch (action.type) {
    case 'accept': {
      if (current === undefined) return { ...state, notice: NONE_LEFT };
      const proposal = ctx.cases[current]!.proposal;
      if (!proposal) return { ...state, notice: 'no label was proposed for this case: x, then pick one' };
      return decide(state, ctx, 'accepted', proposal.label, action.at);
    }
    case 'reject':
      if (current === undefined) return { ...state, notice: NONE_LEFT };
      return { ...state, picking: true, pick: '', notice: null };
    case 'pickDigit': {
      if (!state.picking) return state;
      const typed = state.pick + action.digit;
      const n = Number(typed);
      if (n < 1 || n > ctx.labels.length) return { ...state, pick: '', notice: `no label ${typed}: the labels are 1–${ctx.labels.length}` };
      // Commit as soon as no further digit could make another label's number.
      if (n * 10 > ctx.labels.length) return decide(state, ctx, null, ctx.labels[n - 1]!, action.at);
      return { ...state, pick: typed, notice: null };
    }
    case 'pickCommit':
      if (!state.picking || state.pick === '') return state;
      return decide(state, ctx, null, ctx.labels[Number(state.pick) - 1]!, action.at);
    case 'pickBack':
      if (!state.picking) return state;
      return state.pick === '' ? { ...state, picking: false } : { ...state, pick: state.pick.slice(0, -1) };
    case 'flag':
      if (current === undefined) return { ...state, notice: NONE_LEFT };
      return decide(state, ctx, 'flagged', undefined, action.at);
    case 'skip': {
      if (current === undefined) return { ...state, notice: NONE_LEFT };
      const skipped = new Set(state.skipped).add(current);
      return {
        ...state,
        queue: [...state.queue.slice(1), current],
        history: [...state.history, { kind: 'skip', index: current }],
        skipped,
        scroll: 0,
        notice: null,
        effect: { type: 'skip', id: ctx.cases[current]!.id },
      };
    }
    case 'undo':
      return undo(state, ctx);
    case 'scroll':
      return { ...state, scroll: clamp(state.scroll + action.by, 0, ctx.maxScroll(state)) };
    case 'page':
      return { ...state, scroll: clamp(state.scroll + action.by * Math.max(1, ctx.pageSize(state)), 0, ctx.maxScroll(state)) };
    case 'help':
      return { ...state, help: !state.help };
    case 'escape':
      if (state.help) return { ...state, help: false };
      if (state.picking) return { ...state, picking: false, pick: '' };
      return { ...state, notice: null };
    case 'quit':
      return { ...state, quit: true };
    case 'resize': {
      const resized = { ...state, size: { columns: action.columns, rows: action.rows } };
      return { ...resized, scroll: clamp(resized.scroll, 0, ctx.maxScroll(resized)) };
    }
    default:
      return state;
  }
}

const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, x));

/**
 * Decides the case on screen. `kind` null (a label picked after `x`): picking the proposed label is
 * an acceptance, any other label a correction.
 */
function decide(state: ReviewState, ctx: ReviewContext, kind: DecisionKind | null, label: string | undefined, at: number): ReviewState {
  const index = state.queue[0]!;
  const c = ctx.cases[index]!;
  const decision: Decision = {
    id: c.id,
    decision: kind ?? (label === c.proposal?.label ? 'accepted' : 'corrected'),
    ...(label !== undefined && { label }),
    at: new Date(at).toISOString(),
  };
  const skipped = new Set(state.skipped);
  skipped.delete(index);
  return {
    ...state,
    queue: state.queue.slice(1),
    history: [...state.history, { kind: 'decision', index, decision, session: true }],
    skipped,
    picking: false,
    pick: '',
    scroll: 0,
    notice: null,
    effect: { type: 'append', index, decision },
  };
}

/** Takes back the newest entry of the history: its case is on screen again, and a decision leaves the gold file. */
function undo(state: ReviewState, ctx: ReviewContext): ReviewState {
  const last = state.history[state.history.length - 1];
  if (!last) return { ...state, notice: 'nothing to undo' };
  const base = { ...state, history: state.history.slice(0, -1), picking: false, pick: '', scroll: 0 };
  const id = ctx.cases[last.index]!.id;
  if (last.kind === 'skip') {
    const skipped = new Set(state.skipped);
    skipped.delete(last.index);
    return { ...base, queue: [last.index, ...state.queue.filter((i) => i !== last.index)], skipped, notice: `undone: skipping ${id}` };
  }
  const what = last.decision.decision === 'flagged' ? 'flagged' : `${last.decision.decision} ${last.decision.label}`;
  return { ...base, queue: [last.index, ...state.queue], notice: `undone: ${id} ${what}`, effect: { type: 'remove', id } };
}
