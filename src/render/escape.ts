import { excerpt, showBidi, termText } from '../core/text.ts';

/**
 * Markdown escaping of dataset text for GitHub (comments, step summaries, `--format markdown`).
 * Dataset text is untrusted: it must not break a markdown table, open or close HTML, notify or link
 * anything on GitHub, or reorder what a reader sees. Terminal safety lives in core/text.ts.
 */

const MD_SPECIAL = /[\\`*_[\]|<>~&@:!$]/g;
const ZWSP = '\u200b';

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
          return `\\${ch}`; // "$" too: GitHub renders "$…$" as math, which can hide or restyle what a cell holds
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
 * Dollar signs of labelgate's own text ("$0.41") escaped: GitHub renders "$…$" on one line as math.
 * One that mdText escaped already (after an odd run of backslashes) is left as it is.
 */
export const mdDollars = (text: string): string => text.replace(/(?<!\\)((?:\\\\)*)\$/g, '$1\\$');
