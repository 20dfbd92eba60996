import { describe, expect, it } from 'vitest';
import type { Key } from 'ink';
import { actionFor, footerHints, KEYMAP } from '../../src/tui/keymap.ts';
import { layout, selectors, windowStart } from '../../src/tui/selectors.ts';
import { initialState, reduce, type Action, type TuiState } from '../../src/tui/state.ts';
import { fixtureModel, HOSTILE_ID } from './fixture.ts';

const model = fixtureModel();
const sel = selectors(model);
const run = (actions: Action[], state: TuiState = initialState(3, { columns: 80, rows: 24 })) => actions.reduce((s, a) => reduce(s, a, sel.context), state);
const NO_KEY: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
  return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false, super: false, hyper: false, capsLock: false, numLock: false,
};
const key = (k: Partial<Key> = {}) => ({ ...NO_KEY, ...k });

describe('reducer', () => {
  it('moves the cursor within the list and clamps at both ends', () => {
    const rows = model.summary(0).rows.length;
    expect(run([{ type: 'move', by: 1 }, { type: 'move', by: 1 }]).cursor.summary).toBe(2);
    expect(run([{ type: 'move', by: -5 }]).cursor.summary).toBe(0);
    expect(run([{ type: 'end' }]).cursor.summary).toBe(rows - 1);
    expect(run([{ type: 'end' }, { type: 'move', by: 3 }]).cursor.summary).toBe(rows - 1);
    expect(run([{ type: 'end' }, { type: 'home' }]).cursor.summary).toBe(0);
  });

  it('keeps a cursor per view and cycles views with tab both ways', () => {
    const s = run([{ type: 'move', by: 2 }, { type: 'nextView', by: 1 }, { type: 'nextView', by: 1 }, { type: 'move', by: 4 }]);
    expect(s.view).toBe('cases');
    expect(s.cursor).toEqual({ summary: 2, confusion: 0, cases: 4 });
    expect(run([{ type: 'nextView', by: -1 }]).view).toBe('cases');
  });

  it('pages by the visible list height', () => {
    const s = run([{ type: 'view', view: 'cases' }, { type: 'page', by: 1 }]);
    expect(s.cursor.cases).toBe(Math.min(layout(s).list, sel.visible(s).length - 1));
  });

  it('changes filters, which restart the case list from its top', () => {
    const s = run([{ type: 'view', view: 'cases' }, { type: 'move', by: 5 }, { type: 'cycleTransition' }]);
    expect(s.filter.transition).toBe('broken');
    expect(s.cursor.cases).toBe(0);
    expect(sel.visible(s)).toHaveLength(3);
    const gold = run([{ type: 'cycleGold' }, { type: 'cycleGold' }]);
    expect(gold.filter.gold).toBe(model.labels[1]);
    const back = run(Array.from({ length: model.labels.length + 1 }, (): Action => ({ type: 'cycleGold' })));
    expect(back.filter.gold).toBeNull();
    expect(run([{ type: 'toggleDifferent' }, { type: 'cycleTransition' }, { type: 'clearFilters' }]).filter).toEqual(initialState(3, { columns: 80, rows: 24 }).filter);
  });

  it('searches id and query with /, then steps through matches with n and N, wrapping round', () => {
    let s = run([{ type: 'searchStart' }, ...[...'question 1'].map((c): Action => ({ type: 'searchInput', text: c })), { type: 'searchCommit' }]);
    expect(s.view).toBe('cases');
    expect(s.search).toMatchObject({ editing: false, text: 'question 1', notFound: false });
    const at = () => sel.selectedCase(s)!;
    const seen = [at().query];
    for (let i = 0; i < 4; i++) {
      s = reduce(s, { type: 'searchStep', by: 1 }, sel.context);
      seen.push(at().query);
    }
    expect(seen.every((q) => q.includes('question 1'))).toBe(true);
    expect(new Set(seen).size).toBeGreaterThan(1);
    const back = reduce(s, { type: 'searchStep', by: -1 }, sel.context);
    expect(sel.selectedCase(back)!.query).toBe(seen[3]);
    const none = run([{ type: 'searchStart' }, { type: 'searchInput', text: 'zzz' }, { type: 'searchCommit' }]);
    expect(none.search.notFound).toBe(true);
  });

  it('lets the search prompt take every key, and Esc leave it', () => {
    const s = run([{ type: 'searchStart' }]);
    const q = actionFor(s, 'q', key())!;
    expect(q).toEqual({ type: 'searchInput', text: 'q' });
    const typed = reduce(s, q, sel.context);
    expect(typed.quit).toBe(false);
    expect(reduce(typed, actionFor(typed, '', key({ escape: true }))!, sel.context).search.editing).toBe(false);
    expect(actionFor(s, '\u001b[2J', key())).toEqual({ type: 'searchInput', text: '[2J' });
  });

  it('moves the reference column, never onto the compared one', () => {
    const s = run([{ type: 'reference', by: 1 }]);
    expect(s.reference).toBe(1);
    expect(s.compare).toBe(2);
    expect(run([{ type: 'compare', by: 1 }]).compare).toBe(2);
    expect(run([{ type: 'compare', by: 1 }, { type: 'compare', by: 1 }]).compare).toBe(1);
    expect(run([{ type: 'reference', by: -1 }]).reference).toBe(2);
  });

  it('opens the detail only in the cases view; Esc closes help, then detail, then the search', () => {
    expect(run([{ type: 'detail' }]).detail).toBe(false);
    let s = run([{ type: 'view', view: 'cases' }, { type: 'detail' }, { type: 'help' }]);
    expect(s.detail && s.help).toBe(true);
    s = run([{ type: 'escape' }], s);
    expect([s.help, s.detail]).toEqual([false, true]);
    s = run([{ type: 'escape' }], s);
    expect(s.detail).toBe(false);
  });

  it('tracks the terminal size, and lays the detail beside the list only when wide', () => {
    const narrow = run([{ type: 'view', view: 'cases' }, { type: 'detail' }]);
    expect(layout(narrow).detailBeside).toBe(false);
    const wide = run([{ type: 'resize', columns: 160, rows: 48 }], narrow);
    expect(wide.size).toEqual({ columns: 160, rows: 48 });
    expect(layout(wide).detailBeside).toBe(true);
  });

  it('quits on q', () => {
    expect(run([actionFor(initialState(3, { columns: 80, rows: 24 }), 'q', key())!]).quit).toBe(true);
  });
});

describe('keymap', () => {
  it('maps the keys terminal users expect', () => {
    const s = initialState(3, { columns: 80, rows: 24 });
    expect(actionFor(s, 'j', key())).toEqual({ type: 'move', by: 1 });
    expect(actionFor(s, '', key({ downArrow: true }))).toEqual({ type: 'move', by: 1 });
    expect(actionFor(s, 'k', key())).toEqual({ type: 'move', by: -1 });
    expect(actionFor(s, 'G', key())).toEqual({ type: 'end' });
    expect(actionFor(s, 'g', key())).toEqual({ type: 'home' });
    expect(actionFor(s, '3', key())).toEqual({ type: 'view', view: 'cases' });
    expect(actionFor(s, '', key({ tab: true }))).toEqual({ type: 'nextView', by: 1 });
    expect(actionFor(s, '?', key())).toEqual({ type: 'help' });
    expect(actionFor(s, 'j', key({ ctrl: true }))).toBeNull();
  });

  it('has no key bound twice, and a footer for every view that names quit and help', () => {
    const s = initialState(3, { columns: 80, rows: 24 });
    const probes = [...'jkgG123<>,.crnN/JKlptdaxq?'];
    for (const p of probes) expect(KEYMAP.filter((b) => b.match(p, key())), p).toHaveLength(1);
    for (const view of ['summary', 'confusion', 'cases'] as const) expect(footerHints(view).map((h) => h.keys)).toEqual(expect.arrayContaining(['?', 'q']));
    expect(actionFor(s, 'Z', key())).toBeNull();
  });
});

describe('windowing', () => {
  it('keeps the cursor in a window of the list, never past its end', () => {
    expect(windowStart(0, 10, 100_000)).toBe(0);
    expect(windowStart(50_000, 10, 100_000)).toBe(49_995);
    expect(windowStart(99_999, 10, 100_000)).toBe(99_990);
    expect(windowStart(3, 10, 5)).toBe(0);
  });

  it('finds the hostile case by its id text', () => {
    const s = run([{ type: 'searchStart' }, { type: 'searchInput', text: 'pwned' }, { type: 'searchCommit' }]);
    expect(sel.selectedCase(s)!.id).toBe(HOSTILE_ID);
  });
});

describe('keys arriving together', () => {
  it('are split into single presses outside the search prompt', async () => {
    const { splitKeys } = await import('../../src/tui/keymap.ts');
    expect(splitKeys('3t', key()).map(([i]) => i)).toEqual(['3', 't']);
    expect(splitKeys('jG', key())[1]![1].shift).toBe(true);
    expect(splitKeys('j', key())).toEqual([['j', key()]]);
    expect(splitKeys('ab', key({ ctrl: true }))).toHaveLength(1);
    const [, enter] = splitKeys('3\r', key());
    expect(actionFor(initialState(3, { columns: 80, rows: 24 }), enter![0], enter![1])).toEqual({ type: 'detail' });
  });
});
