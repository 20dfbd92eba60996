import { excerpt, termText } from '../core/text.ts';

/**
 * Markdown escaping of dataset text for GitHub (comments, step summaries, `--format markdown`).
 * Dataset text is untrusted: it must not break a markdown table, open or close HTML, notify anyone
 * on GitHub, or link anything. Terminal safety (`termText`) lives in core/text.ts.
 */

const MD_SPECIAL = /[\\`*_[\]|<>~&@:!]/g;

/** Text for a markdown table cell or inline prose: one line, no markup, no mentions, no references. */
export function mdText(text: string): string {
  return text
    .replace(/\r\n?|\n/g, ' ')
    .replace(/#(?=\d)/g, '#\u200b') // "#123" would link (and notify) an issue; before the entities below, which contain "#5"
    .replace(MD_SPECIAL, (ch) => {
      switch (ch) {
        case '<':
          return '&lt;';
        case '>':
          return '&gt;';
        case '&':
          return '&amp;';
        case '@':
          return '@\u200b'; // a zero-width space after @ means no user or team is mentioned
        case ':':
          return '&#58;'; // no autolinks (https://) nor emoji shortcodes
        default:
          return `\\${ch}`;
      }
    });
}

/** Dataset text for markdown: control characters dropped, cut to `max` characters, then `mdText`. */
export function mdData(text: string, max = 60): string {
  return mdText(excerpt(termText(text), max));
}

/** Code span safe for any content (backticks inside cannot end it; pipes cannot split a table). */
export function mdCode(text: string, max = 200): string {
  return `<code>${mdData(text, max)}</code>`;
}
