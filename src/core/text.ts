import { createRequire } from 'node:module';

/**
 * Dataset text is untrusted wherever it is shown. These helpers make it one line, short, and unable
 * to drive a terminal or hide what it says; markdown and HTML escaping build on them in render/.
 */

/**
 * Unicode bidirectional controls (embeddings, overrides, isolates, marks): they make text display in
 * an order other than the one it is stored in, so a cell could read differently from what it holds.
 */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `<U+202E>` for a character that would otherwise act invisibly. */
const codePoint = (ch: string): string => `<U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`;

/** Bidirectional controls shown as `<U+XXXX>`: visible, and acting on nothing. */
export function showBidi(text: string): string {
  return text.replace(BIDI, codePoint);
}

/**
 * Removes terminal control sequences and control characters, keeping tabs as spaces and text on one
 * line; bidirectional controls are shown as `<U+XXXX>`.
 */
export function termText(text: string): string {
  return showBidi(
    text
      .replace(/\u001b\[[0-?]*[ -/]*[@-~]/g, '')
      .replace(/\u001b\][^\u0007\u001b]*(\u0007|\u001b\\)/g, '')
      .replace(/[\r\n\t]+/g, ' ')
      .replace(/[\u0000-\u001f\u007f-\u009f]/g, ''),
  );
}

/**
 * A message for the terminal (an error or a warning that may quote dataset text): line breaks kept,
 * every other control character (ESC, BEL, CR, C1) and every bidirectional control shown as
 * `<U+XXXX>`, so the message can neither drive the terminal nor hide what it quotes.
 */
export function termMessage(text: string): string {
  return showBidi(text.replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, codePoint));
}

/**
 * JSON whose text holds no raw C1 control, bidirectional control or line separator: they are written
 * as `\uXXXX` escapes (the same JSON value), so printing the file cannot drive a terminal.
 */
export function jsonText(value: unknown, indent = 2): string {
  return jsonSafe(JSON.stringify(value, null, indent));
}

/** JSON text with those characters written as escapes (see jsonText), for JSON written in pieces. */
export function jsonSafe(json: string): string {
  return json.replace(/[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A short excerpt for tables: one line, at most `max` characters, with an ellipsis when cut. */
export function excerpt(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  // The text itself when it is already its own excerpt, not an equal copy: a report's rows keep the
  // excerpt of every case for every variant, and can then share the case's string.
  if (flat.length <= max) return flat === text ? text : flat;
  return `${flat.slice(0, max - 1)}…`;
}

/**
 * Characters one column wide and one UTF-16 unit long: printable ASCII and Latin-1, Latin
 * Extended, Greek, Cyrillic (not its combining marks), punctuation, arrows, mathematical operators,
 * box drawing and blocks. Everything labelgate itself prints is in here; tests/core/display-width.test.ts
 * checks every one of them against string-width.
 */
const NARROW = /^[\u0020-\u007e\u00a1-\u00ac\u00ae-\u02ff\u0370-\u0377\u037a-\u037f\u0384-\u038a\u038c\u038e-\u03a1\u03a3-\u0482\u048a-\u04ff\u2010-\u2027\u2030-\u205e\u2190-\u21ff\u2200-\u22ff\u2500-\u259f]*$/;

type StringWidth = (text: string) => number;
let stringWidth: StringWidth | undefined;

/**
 * Columns a string occupies in a terminal (emoji and East Asian wide characters take two). string-width
 * costs about a fifth of a second to load and to compile its Unicode expressions, more than the rest of
 * a report-only command: it is loaded only for text outside NARROW.
 */
export function displayWidth(text: string): number {
  if (NARROW.test(text)) return text.length;
  stringWidth ??= (createRequire(import.meta.url)('string-width') as { default: StringWidth }).default;
  return stringWidth(text);
}
