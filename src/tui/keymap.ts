import type { Key } from 'ink';
import { VIEWS, type Action, type TuiState, type View } from './state.ts';

/** One binding: which keys, what they do, and the words the footer and help show. */
export interface Binding {
  keys: string;
  help: string;
  /** Shown in the footer of these views (the help lists every binding). */
  footer?: readonly View[];
  match(input: string, key: Key): boolean;
  action(input: string): Action;
}

const char = (...cs: string[]) => (input: string, key: Key) => !key.ctrl && !key.meta && cs.includes(input);

/** The whole keymap: the container looks keys up here and nowhere else. */
export const KEYMAP: readonly Binding[] = [
  { keys: '↑↓ j k', help: 'move', footer: VIEWS, match: (i, k) => k.downArrow || char('j')(i, k), action: () => ({ type: 'move', by: 1 }) },
  { keys: '', help: '', match: (i, k) => k.upArrow || char('k')(i, k), action: () => ({ type: 'move', by: -1 }) },
  { keys: 'g G', help: 'first / last', match: (i, k) => k.home || char('g')(i, k), action: () => ({ type: 'home' }) },
  { keys: '', help: '', match: (i, k) => k.end || char('G')(i, k), action: () => ({ type: 'end' }) },
  { keys: 'PgUp PgDn', help: 'page up / down', match: (_, k) => k.pageDown, action: () => ({ type: 'page', by: 1 }) },
  { keys: '', help: '', match: (_, k) => k.pageUp, action: () => ({ type: 'page', by: -1 }) },
  { keys: 'tab 1 2 3', help: 'views: summary, confusion, cases', footer: VIEWS, match: (_, k) => k.tab && !k.shift, action: () => ({ type: 'nextView', by: 1 }) },
  { keys: '', help: '', match: (_, k) => k.tab && k.shift, action: () => ({ type: 'nextView', by: -1 }) },
  { keys: '', help: '', match: char('1', '2', '3'), action: (i) => ({ type: 'view', view: VIEWS[Number(i) - 1]! }) },
  { keys: '< >', help: 'reference column (deltas are against it)', footer: ['summary', 'confusion'], match: char('<', ','), action: () => ({ type: 'reference', by: -1 }) },
  { keys: '', help: '', match: char('>', '.'), action: () => ({ type: 'reference', by: 1 }) },
  { keys: 'c', help: 'other column of the delta grid', footer: ['confusion'], match: char('c'), action: () => ({ type: 'compare', by: 1 }) },
  { keys: 'r', help: 'counts / row shares', footer: ['confusion'], match: char('r'), action: () => ({ type: 'gridMode' }) },
  { keys: '/ n N', help: 'search id and query, next / previous match', footer: ['cases'], match: char('/'), action: () => ({ type: 'searchStart' }) },
  { keys: '', help: '', match: char('n'), action: () => ({ type: 'searchStep', by: 1 }) },
  { keys: '', help: '', match: char('N'), action: () => ({ type: 'searchStep', by: -1 }) },
  { keys: 'enter', help: 'case detail', footer: ['cases'], match: (_, k) => k.return, action: () => ({ type: 'detail' }) },
  { keys: 'J K', help: 'scroll the detail', match: char('J'), action: () => ({ type: 'detailScroll', by: 1 }) },
  { keys: '', help: '', match: char('K'), action: () => ({ type: 'detailScroll', by: -1 }) },
  { keys: 'l', help: 'filter: gold label', footer: ['cases'], match: char('l'), action: () => ({ type: 'cycleGold' }) },
  { keys: 'p', help: 'filter: predicted label', footer: ['cases'], match: char('p'), action: () => ({ type: 'cyclePredicted' }) },
  { keys: 't', help: 'filter: broken / fixed / changed / all wrong', footer: ['cases'], match: char('t'), action: () => ({ type: 'cycleTransition' }) },
  { keys: 'd', help: 'filter: different predictions only', match: char('d'), action: () => ({ type: 'toggleDifferent' }) },
  { keys: 'a', help: 'all cases / only disagreements and errors', match: char('a'), action: () => ({ type: 'toggleScope' }) },
  { keys: 'x', help: 'clear filters', match: char('x'), action: () => ({ type: 'clearFilters' }) },
  { keys: 'esc', help: 'close help, detail or search', match: (_, k) => k.escape, action: () => ({ type: 'escape' }) },
  { keys: '?', help: 'help', footer: VIEWS, match: char('?'), action: () => ({ type: 'help' }) },
  { keys: 'q', help: 'quit', footer: VIEWS, match: char('q'), action: () => ({ type: 'quit' }) },
];

/** The `/` prompt's own keys: text goes into the search, Enter commits, Esc cancels. */
function searchAction(input: string, key: Key): Action | null {
  if (key.return) return { type: 'searchCommit' };
  if (key.escape) return { type: 'searchCancel' };
  if (key.backspace || key.delete) return { type: 'searchBackspace' };
  if (key.ctrl || key.meta || key.tab || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow) return null;
  // Pasted text may carry control characters; only printable text reaches the search.
  const text = input.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
  return text === '' ? null : { type: 'searchInput', text };
}

/** The action for a key press in this state, or null when the key means nothing here. */
export function actionFor(state: TuiState, input: string, key: Key): Action | null {
  if (state.search.editing) return searchAction(input, key);
  for (const b of KEYMAP) if (b.match(input, key)) return b.action(input);
  return null;
}

/** Key hints for the footer of a view, in keymap order. */
export function footerHints(view: View): { keys: string; help: string }[] {
  return KEYMAP.filter((b) => b.keys !== '' && b.footer?.includes(view)).map((b) => ({ keys: b.keys, help: shortHelp(b.help) }));
}

/** Help lines: every named binding. */
export function helpLines(): { keys: string; help: string }[] {
  return KEYMAP.filter((b) => b.keys !== '').map((b) => ({ keys: b.keys, help: b.help }));
}

function shortHelp(help: string): string {
  return help.replace(/^filter: /, '').replace(/ \(.*\)$/, '').replace('views: summary, confusion, cases', 'views').replace('search id and query, next / previous match', 'search');
}

/**
 * Keys typed faster than the app reads them arrive as one string ("jjj" from a held key, "3t"):
 * outside the search prompt each character is its own key press.
 */
export function splitKeys(input: string, key: Key): [string, Key][] {
  const chars = [...input];
  if (chars.length <= 1 || key.ctrl || key.meta) return [[input, key]];
  return chars.map((ch): [string, Key] => {
    if (ch === '\r' || ch === '\n') return ['', { ...key, return: true }];
    if (ch === '\t') return ['', { ...key, tab: true }];
    if (ch === '\u007f' || ch === '\b') return ['', { ...key, backspace: true }];
    return [ch, { ...key, shift: ch !== ch.toLowerCase() }];
  });
}
