/**
 * Escaping of dataset text for every place it is rendered. Dataset text is untrusted: it must not
 * break a markdown table, open or close HTML, notify or link anything on GitHub, reorder what a
 * reader sees, or move a terminal's cursor.
 */

const MD_SPECIAL = /[\\`*_[\]|<>~&@:!]/g;
const ZWSP = '\u200b';

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
 * GitHub links some plain text after the markdown is parsed, where backslash escapes and entities no
 * longer help: 7 or more hex digits may be a commit. A zero-width space every six digits breaks the
 * pattern without changing what a reader sees. Inside `<code>` GitHub links no commit, so the
 * renderers' own short SHAs in code spans stay whole.
 */
function breakCommitRefs(text: string): string {
  return text.replace(/\b[0-9a-f]{7,}\b/gi, (hex) => hex.replace(/.{6}(?=.)/g, `$&${ZWSP}`));
}

/** Text for a markdown table cell or inline prose: one line, no markup, no mentions, no references, no links. */
export function mdText(text: string): string {
  return mdEscape(breakCommitRefs(text));
}

function mdEscape(text: string): string {
  return showBidi(text.replace(/\r\n?|\n/g, ' '))
    .replace(/#(?=\d)/g, `#${ZWSP}`) // "#123" would link (and notify) an issue; before the entities below, which contain "#5"
    .replace(/\b(gh)-(?=\d)/gi, `$1-${ZWSP}`) // so would "GH-123"
    .replace(/\b(www)\./gi, `$1${ZWSP}.`) // "www.example.com" is autolinked ("https://" is defused by the ":" entity below)
    .replace(MD_SPECIAL, (ch) => {
      switch (ch) {
        case '<':
          return '&lt;';
        case '>':
          return '&gt;';
        case '&':
          return '&amp;';
        case '@':
          return `@${ZWSP}`; // no user or team is mentioned, and no e-mail address is linked
        case ':':
          return '&#58;'; // no autolinks (https://) nor emoji shortcodes
        default:
          return `\\${ch}`;
      }
    })
    .replace(/^(\s*)([#+=-])/, '$1\\$2') // a heading, list item or rule when the text starts a line
    .replace(/^(\s*\d+)([.)])/, '$1\\$2'); // an ordered list item when the text starts a line
}

/** Dataset text for markdown: control characters dropped, cut to `max` characters, then `mdText`. */
export function mdData(text: string, max = 60): string {
  return mdText(excerpt(termText(text), max));
}

/** Code span safe for any content (backticks inside cannot end it; pipes cannot split a table). */
export function mdCode(text: string, max = 200): string {
  return `<code>${mdEscape(excerpt(termText(text), max))}</code>`;
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
  return JSON.stringify(value, null, indent).replace(
    /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A short excerpt for tables: one line, at most `max` characters, with an ellipsis when cut. */
export function excerpt(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
