import type { Key } from 'ink';
import type { Action, ReviewState } from './state.ts';

/** What the keys are doing: deciding a case, or picking the right label after `x`. */
export type Mode = 'decide' | 'pick';

/** One binding: which keys, what they do, and the words the footer and help show. */
export interface Binding {
  keys: string;
  help: string;
  /** The footer's word for it. */
  short?: string;
  /** Shown in the footer in these modes (the help lists every binding). */
  footer?: readonly Mode[];
  /** The mode the binding works in; both when absent. */
  mode?: Mode;
  match(input: string, key: Key): boolean;
  action(input: string, now: number): Action;
}

const char = (...cs: string[]) => (input: string, key: Key) => !key.ctrl && !key.meta && cs.includes(input);
/** Terminals send DEL (0x7f) for the backspace key, which Ink calls `delete`. */
const backspace = (_: string, key: Key) => key.backspace || key.delete;

/** The whole keymap: the container looks keys up here and nowhere else. */
export const REVIEW_KEYMAP: readonly Binding[] = [
  { keys: 'a', help: 'accept the proposed label', short: 'accept', footer: ['decide'], mode: 'decide', match: char('a'), action: (_, at) => ({ type: 'accept', at }) },
  { keys: 'x', help: 'reject: then press the right label’s number (esc cancels)', short: 'reject', footer: ['decide'], mode: 'decide', match: char('x'), action: (_, at) => ({ type: 'reject', at }) },
  { keys: 'space', help: 'skip: the case comes back after the others', short: 'skip', footer: ['decide'], mode: 'decide', match: char(' '), action: (_, at) => ({ type: 'skip', at }) },
  { keys: '⌫', help: 'undo the last decision (again: the one before)', short: 'undo', footer: ['decide'], mode: 'decide', match: backspace, action: (_, at) => ({ type: 'undo', at }) },
  { keys: 'f', help: 'flag for discussion: written without a label', short: 'flag', footer: ['decide'], mode: 'decide', match: char('f'), action: (_, at) => ({ type: 'flag', at }) },
  { keys: '1–9', help: 'the label with that number (two digits: then enter)', short: 'label', footer: ['pick'], mode: 'pick', match: (i, k) => !k.ctrl && !k.meta && /^[0-9]$/.test(i), action: (i, at) => ({ type: 'pickDigit', digit: i, at }) },
  { keys: 'enter', help: 'confirm a label number', mode: 'pick', match: (_, k) => k.return, action: (_, at) => ({ type: 'pickCommit', at }) },
  { keys: '⌫', help: 'remove the digit typed, or stop picking', short: 'back', footer: ['pick'], mode: 'pick', match: backspace, action: (_, at) => ({ type: 'pickBack', at }) },
  { keys: 'j k', help: 'scroll the document', short: 'scroll', footer: ['decide'], match: (i, k) => k.downArrow || char('j')(i, k), action: () => ({ type: 'scroll', by: 1 }) },
  { keys: '', help: '', match: (i, k) => k.upArrow || char('k')(i, k), action: () => ({ type: 'scroll', by: -1 }) },
  { keys: 'PgUp PgDn', help: 'scroll the document a page', match: (_, k) => k.pageDown, action: () => ({ type: 'page', by: 1 }) },
  { keys: '', help: '', match: (_, k) => k.pageUp, action: () => ({ type: 'page', by: -1 }) },
  { keys: 'esc', help: 'stop picking, close the help', short: 'cancel', footer: ['pick'], match: (_, k) => k.escape, action: () => ({ type: 'escape' }) },
  { keys: '?', help: 'help', footer: ['decide', 'pick'], match: char('?'), action: () => ({ type: 'help' }) },
  { keys: 'q', help: 'quit (every decision is already saved)', short: 'quit', footer: ['decide', 'pick'], match: char('q'), action: () => ({ type: 'quit' }) },
];

export const modeOf = (state: ReviewState): Mode => (state.picking ? 'pick' : 'decide');

/** The action for a key press in this state, or null when the key means nothing here. */
export function actionFor(state: ReviewState, input: string, key: Key, now: number): Action | null {
  // The help covers the case: no decision is taken blind, only the keys that close it (or quit) work.
  if (state.help) {
    if (key.escape || char('?')(input, key)) return { type: 'help' };
    return char('q')(input, key) ? { type: 'quit' } : null;
  }
  const mode = modeOf(state);
  for (const b of REVIEW_KEYMAP) if ((b.mode === undefined || b.mode === mode) && b.match(input, key)) return b.action(input, now);
  return null;
}

/** Key hints for the footer in a mode, in keymap order; the label numbers say how many labels there are. */
export function footerHints(mode: Mode, labelCount: number): { keys: string; help: string }[] {
  return REVIEW_KEYMAP.filter((b) => b.keys !== '' && b.footer?.includes(mode)).map((b) => ({
    keys: b.keys === '1–9' ? `1–${Math.min(9, labelCount)}` : b.keys,
    help: b.short ?? b.help,
  }));
}

/** Help lines: every named binding. */
export function helpLines(): { keys: string; help: string }[] {
  return REVIEW_KEYMAP.filter((b) => b.keys !== '').map((b) => ({ keys: b.keys, help: b.help }));
}
