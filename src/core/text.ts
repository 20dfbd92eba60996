import stringWidth from 'string-width';

/**
 * Dataset text is untrusted wherever it is shown. These helpers make it one line, short, and unable
 * to drive a terminal; markdown and HTML escaping build on them in render/.
 */

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

/** Columns a string occupies in a terminal (emoji and East Asian wide characters take two). */
export function displayWidth(text: string): number {
  return stringWidth(text);
}
