/**
 * Escaping of dataset text for every place it is rendered. Dataset text is untrusted: it must not
 * break a markdown table, open or close HTML, notify anyone on GitHub, or move a terminal's cursor.
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

/** Removes terminal control sequences and control characters, keeping tabs as spaces and text on one line. */
export function termText(text: string): string {
  return text
    .replace(/\u001b\[[0-?]*[ -/]*[@-~]/g, '')
    .replace(/\u001b\][^\u0007\u001b]*(\u0007|\u001b\\)/g, '')
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
}

/** A short excerpt for tables: one line, at most `max` characters, with an ellipsis when cut. */
export function excerpt(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
