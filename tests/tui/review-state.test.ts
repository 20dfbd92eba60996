import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import type { Decision } from '../../src/dataset/gold.ts';
import { actionFor, footerHints } from '../../src/tui/review/keymap.ts';
import { reviewContext } from '../../src/tui/review/screen.ts';
import { reviewAgreement, reviewCounts, reviewSpeed } from '../../src/tui/review/selectors.ts';
import { initialReviewState, reduce, reviewOrder, type Action, type ReviewState, type SessionStart } from '../../src/tui/review/state.ts';
import { reviewSummary } from '../../src/tui/review/summary.ts';
import { REVIEW_LABELS, reviewCases, weak } from './review-fixture.ts';

const cases = reviewCases();
const ctx = reviewContext(cases, REVIEW_LABELS);
const T0 = Date.parse('2026-11-26T10:00:00.000Z');
const start = (more: Partial<SessionStart> = {}) =>
  initialReviewState({ cases, order: 'disagree-first', decided: [], skippedBefore: new Set(), size: { columns: 80, rows: 24 }, now: T0, ...more });
const run = (actions: Action[], state = start()) => actions.reduce((s, a) => reduce(s, a, ctx), state);
const ids = (s: ReviewState) => s.queue.map((i) => cases[i]!.id);
const at = (seconds: number) => T0 + seconds * 1000;

describe('review order', () => {
  it('asks the cases whose variants disagree first, each group in file order; --order input keeps the file order', () => {
    expect(reviewOrder(cases, 'disagree-first').map((i) => cases[i]!.id)).toEqual(['c2', 'c4', 'c5', 'c1', 'c3', 'c6', cases[6]!.id]);
    expect(reviewOrder(cases, 'input')).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('resumes where the gold file stops: decided cases never come back, earlier skips come after the cases never seen', () => {
    const decided: Decision[] = [
      { id: 'c2', decision: 'accepted', label: 'integrations', at: '2026-11-25T09:00:00.000Z' },
      { id: 'c3', decision: 'flagged', at: '2026-11-25T09:01:00.000Z' },
      { id: 'not-in-input', decision: 'accepted', label: 'other', at: '2026-11-25T09:02:00.000Z' },
    ];
    const s = start({ decided, skippedBefore: new Set(['c4', 'c1']) });
    expect(ids(s)).toEqual(['c5', 'c6', cases[6]!.id, 'c4', 'c1']);
    // The file's decisions are the history a backspace takes back, in file order; the unknown id is ignored.
    expect(s.history.map((h) => (h.kind === 'decision' ? [h.decision.id, h.session] : null))).toEqual([
      ['c2', false],
      ['c3', false],
    ]);
    expect(reviewCounts(s, ctx)).toEqual({ total: 7, decided: 2, accepted: 1, corrected: 0, flagged: 1, skipped: 2, session: 0 });
    const inInput = start({ decided, order: 'input' });
    expect(ids(inInput)).toEqual(['c1', 'c4', 'c5', 'c6', cases[6]!.id]);
  });
});

describe('deciding', () => {
  it('accept writes the proposed label with its time and shows the next case', () => {
    const s = run([{ type: 'accept', at: at(5) }]);
    expect(ids(s)[0]).toBe('c4');
    expect(s.effect).toEqual({ type: 'append', index: 1, decision: { id: 'c2', decision: 'accepted', label: 'integrations', at: '2026-11-26T10:00:05.000Z' } });
    expect(reviewCounts(s, ctx)).toMatchObject({ decided: 1, accepted: 1, session: 1 });
    // The next key's state carries no effect: each file change is asked for once.
    expect(run([{ type: 'scroll', by: 1 }], s).effect).toBeNull();
  });

  it('a case without a proposal cannot be accepted: it says why and writes nothing', () => {
    const s = run([{ type: 'accept', at: at(1) }, { type: 'accept', at: at(2) }, { type: 'accept', at: at(3) }]);
    expect(ids(s)[0]).toBe('c5');
    expect(s.effect).toBeNull();
    expect(s.notice).toMatch(/no label was proposed/);
    expect(reviewCounts(s, ctx).decided).toBe(2);
  });

  it('reject then a number corrects the label; picking the proposed label is an acceptance; esc and backspace cancel', () => {
    const corrected = run([{ type: 'reject', at: at(1) }, { type: 'pickDigit', digit: '4', at: at(2) }]);
    expect(corrected.effect).toEqual({ type: 'append', index: 1, decision: { id: 'c2', decision: 'corrected', label: 'other', at: '2026-11-26T10:00:02.000Z' } });
    expect(corrected.picking).toBe(false);
    const same = run([{ type: 'reject', at: at(1) }, { type: 'pickDigit', digit: '2', at: at(2) }]);
    expect(same.effect).toMatchObject({ decision: { decision: 'accepted', label: 'integrations' } });
    const cancelled = run([{ type: 'reject', at: at(1) }, { type: 'escape' }]);
    expect(cancelled.picking).toBe(false);
    expect(ids(cancelled)[0]).toBe('c2');
    expect(run([{ type: 'reject', at: at(1) }, { type: 'pickBack', at: at(2) }]).picking).toBe(false);
    const outOfRange = run([{ type: 'reject', at: at(1) }, { type: 'pickDigit', digit: '7', at: at(2) }]);
    expect(outOfRange).toMatchObject({ picking: true, pick: '', effect: null, notice: 'no label 7: the labels are 1–4' });
    // A case with no proposal takes a picked label as a correction.
    const none = run([{ type: 'accept', at: at(1) }, { type: 'accept', at: at(2) }, { type: 'reject', at: at(3) }, { type: 'pickDigit', digit: '1', at: at(4) }]);
    expect(none.effect).toMatchObject({ decision: { id: 'c5', decision: 'corrected', label: 'artifact' } });
  });

  it('with more than nine labels a digit waits for the next one when it could start a longer number', () => {
    const labels = Array.from({ length: 12 }, (_, i) => `l${i + 1}`);
    const many = reviewContext([weak('m', 'l1', [['v3@3.0.0', 'l1']])], labels);
    const s0 = initialReviewState({ cases: many.cases, order: 'input', decided: [], skippedBefore: new Set(), size: { columns: 80, rows: 24 }, now: T0 });
    const go = (actions: Action[]) => actions.reduce((s, a) => reduce(s, a, many), s0);
    const waiting = go([{ type: 'reject', at: at(1) }, { type: 'pickDigit', digit: '1', at: at(2) }]);
    expect(waiting).toMatchObject({ picking: true, pick: '1', effect: null });
    expect(go([{ type: 'reject', at: at(1) }, { type: 'pickDigit', digit: '1', at: at(2) }, { type: 'pickDigit', digit: '2', at: at(3) }]).effect).toMatchObject({ decision: { label: 'l12' } });
    expect(go([{ type: 'reject', at: at(1) }, { type: 'pickDigit', digit: '1', at: at(2) }, { type: 'pickCommit', at: at(3) }]).effect).toMatchObject({ decision: { label: 'l1', decision: 'accepted' } });
    expect(go([{ type: 'reject', at: at(1) }, { type: 'pickDigit', digit: '5', at: at(2) }]).effect).toMatchObject({ decision: { label: 'l5' } });
    expect(go([{ type: 'reject', at: at(1) }, { type: 'pickDigit', digit: '1', at: at(2) }, { type: 'pickBack', at: at(3) }])).toMatchObject({ picking: true, pick: '' });
  });

  it('flag writes the case without a label', () => {
    const s = run([{ type: 'flag', at: at(3) }]);
    expect(s.effect).toEqual({ type: 'append', index: 1, decision: { id: 'c2', decision: 'flagged', at: '2026-11-26T10:00:03.000Z' } });
    expect(reviewCounts(s, ctx)).toMatchObject({ decided: 1, flagged: 1 });
  });

  it('skip writes nothing to the gold file, remembers the skip, and brings the case back after the others', () => {
    const s = run([{ type: 'skip', at: at(1) }]);
    expect(s.effect).toEqual({ type: 'skip', id: 'c2' });
    expect(ids(s)).toEqual(['c4', 'c5', 'c1', 'c3', 'c6', cases[6]!.id, 'c2']);
    expect(reviewCounts(s, ctx)).toMatchObject({ decided: 0, skipped: 1 });
    // Deciding it later clears the skip.
    const later = run([{ type: 'skip', at: at(1) }, ...Array.from({ length: 6 }, (): Action => ({ type: 'flag', at: at(2) })), { type: 'accept', at: at(3) }]);
    expect(later.queue).toEqual([]);
    expect(reviewCounts(later, ctx)).toMatchObject({ decided: 7, skipped: 0 });
    expect(run([{ type: 'accept', at: at(4) }], later).notice).toMatch(/every case is decided/);
  });
});

describe('undo', () => {
  it('takes back decisions newest first: the case is asked again and its line leaves the file', () => {
    const s = run([{ type: 'accept', at: at(1) }, { type: 'reject', at: at(2) }, { type: 'pickDigit', digit: '3', at: at(3) }]);
    const u1 = run([{ type: 'undo', at: at(4) }], s);
    expect(u1.effect).toEqual({ type: 'remove', id: 'c4' });
    expect(ids(u1)[0]).toBe('c4');
    expect(u1.notice).toBe('undone: c4 corrected visualisation');
    const u2 = run([{ type: 'undo', at: at(5) }], u1);
    expect(u2.effect).toEqual({ type: 'remove', id: 'c2' });
    expect(ids(u2)).toEqual(ids(start()));
    expect(reviewCounts(u2, ctx)).toMatchObject({ decided: 0, session: 0 });
    const u3 = run([{ type: 'undo', at: at(6) }], u2);
    expect(u3).toMatchObject({ effect: null, notice: 'nothing to undo' });
    // Decided again after the undo: one new line, as if the first decision had never been made.
    expect(run([{ type: 'flag', at: at(7) }], u2).effect).toMatchObject({ type: 'append', decision: { id: 'c2', decision: 'flagged' } });
  });

  it('takes back a skip (the case is on screen again) and a decision from an earlier session', () => {
    const skipped = run([{ type: 'skip', at: at(1) }, { type: 'undo', at: at(2) }]);
    expect(ids(skipped)).toEqual(ids(start()));
    expect(skipped.effect).toBeNull();
    expect(skipped.skipped.size).toBe(0);
    const resumed = start({ decided: [{ id: 'c6', decision: 'accepted', label: 'other', at: '2026-11-25T09:00:00.000Z' }] });
    const u = run([{ type: 'undo', at: at(1) }], resumed);
    expect(u.effect).toEqual({ type: 'remove', id: 'c6' });
    expect(ids(u)[0]).toBe('c6');
  });
});

describe('screen state', () => {
  it('scrolls the document within its length and back to the top on the next case', () => {
    const long = [weak('long', 'other', [['v3@3.0.0', 'other']], { document: Array.from({ length: 60 }, (_, i) => `line ${i}`).join('\n') }), ...cases];
    const lctx = reviewContext(long, REVIEW_LABELS);
    const s0 = initialReviewState({ cases: long, order: 'input', decided: [], skippedBefore: new Set(), size: { columns: 80, rows: 24 }, now: T0 });
    const max = lctx.maxScroll(s0);
    expect(max).toBeGreaterThan(30);
    const down = [{ type: 'page', by: 1 }, { type: 'page', by: 1 }, { type: 'page', by: 1 }, { type: 'page', by: 1 }, { type: 'page', by: 1 }, { type: 'scroll', by: 1 }] as Action[];
    const s = down.reduce((st, a) => reduce(st, a, lctx), s0);
    expect(s.scroll).toBe(max);
    expect(reduce(s0, { type: 'scroll', by: -3 }, lctx).scroll).toBe(0);
    expect(reduce(s, { type: 'accept', at: at(1) }, lctx).scroll).toBe(0);
  });
});

describe('agreement and speed', () => {
  it("Cohen's kappa of the reviewer against the proposals matches a value computed by hand", () => {
    // Ten cases with a proposal: artifact proposed five times (kept 4, corrected to other once), other
    // proposed five times (kept 3, corrected to artifact twice). By hand: p_o = 7/10; reviewer marginals
    // artifact 6, other 4; proposal marginals 5 and 5; p_e = (6·5 + 4·5)/100 = 0.5; κ = (0.7 − 0.5)/0.5 = 0.4.
    // A flagged case and a case without a proposal do not count.
    const proposals = ['artifact', 'artifact', 'artifact', 'artifact', 'artifact', 'other', 'other', 'other', 'other', 'other'];
    const picks = ['1', '1', '1', '1', '4', '4', '4', '4', '1', '1'];
    const many = [...proposals.map((p, i) => weak(`k${i}`, p, [['v3@3.0.0', p]])), weak('fl', 'other', [['v3@3.0.0', 'other']]), weak('np', null, [['v3@3.0.0', 'invalid']])];
    const mctx = reviewContext(many, REVIEW_LABELS);
    let s = initialReviewState({ cases: many, order: 'input', decided: [], skippedBefore: new Set(), size: { columns: 80, rows: 24 }, now: T0 });
    picks.forEach((d, i) => {
      s = reduce(reduce(s, { type: 'reject', at: at(30 * i) }, mctx), { type: 'pickDigit', digit: d, at: at(30 * (i + 1)) }, mctx);
    });
    s = reduce(s, { type: 'flag', at: at(330) }, mctx);
    s = reduce(reduce(s, { type: 'reject', at: at(340) }, mctx), { type: 'pickDigit', digit: '2', at: at(360) }, mctx);
    const a = reviewAgreement(s, mctx);
    expect(a.n).toBe(10);
    expect(a.observed).toBeCloseTo(0.7, 12);
    expect(a.kappa).toBeCloseTo(0.4, 12);
    expect(reviewCounts(s, mctx)).toMatchObject({ accepted: 7, corrected: 4, flagged: 1 });
    // Twelve decisions in six minutes: two per minute.
    expect(reviewSpeed(s, at(360))).toBeCloseTo(2, 12);
    const summary = reviewSummary(s, mctx, 'gold.jsonl', at(360));
    expect(summary).toContain('gold.jsonl: 12 of 12 case(s) decided (7 accepted, 4 corrected, 1 flagged).');
    expect(summary).toContain('This session: 12 decision(s) in 6m 00s (2.0 per minute).');
    expect(summary).toContain("Cohen's kappa 0.40 over 10 case(s), 70% kept as proposed.");
  });

  it('has no speed before the first decision and no kappa when it is undefined', () => {
    expect(reviewSpeed(start(), at(60))).toBeNull();
    const s = run([{ type: 'accept', at: at(1) }]);
    expect(reviewAgreement(s, ctx)).toEqual({ n: 1, observed: 1, kappa: null });
  });
});

describe('keymap', () => {
  const NO_KEY: Key = {
    upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
    return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false, super: false, hyper: false, capsLock: false, numLock: false,
  };
  const key = (k: Partial<Key> = {}) => ({ ...NO_KEY, ...k });

  it('maps the keys of each mode; the terminal backspace (DEL) undoes; the help swallows decisions', () => {
    const s = start();
    expect(actionFor(s, 'a', key(), 7)).toEqual({ type: 'accept', at: 7 });
    expect(actionFor(s, ' ', key(), 7)).toEqual({ type: 'skip', at: 7 });
    expect(actionFor(s, '', key({ delete: true }), 7)).toEqual({ type: 'undo', at: 7 });
    expect(actionFor(s, '2', key(), 7)).toBeNull();
    expect(actionFor(s, 'a', key({ ctrl: true }), 7)).toBeNull();
    const picking = run([{ type: 'reject', at: 1 }]);
    expect(actionFor(picking, '2', key(), 7)).toEqual({ type: 'pickDigit', digit: '2', at: 7 });
    expect(actionFor(picking, 'a', key(), 7)).toBeNull();
    expect(actionFor(picking, '', key({ delete: true }), 7)).toEqual({ type: 'pickBack', at: 7 });
    const help = run([{ type: 'help' }]);
    expect(actionFor(help, 'a', key(), 7)).toBeNull();
    expect(actionFor(help, '', key({ escape: true }), 7)).toEqual({ type: 'help' });
    expect(actionFor(help, 'q', key(), 7)).toEqual({ type: 'quit' });
  });

  it('lists every decision key in the footer, and the label numbers while picking', () => {
    expect(footerHints('decide', 4).map((h) => `${h.keys} ${h.help}`)).toEqual(['a accept', 'x reject', 'space skip', '⌫ undo', 'f flag', 'j k scroll', '? help', 'q quit']);
    expect(footerHints('pick', 4).map((h) => h.keys)).toEqual(['1–4', '⌫', 'esc', '?', 'q']);
  });
});
