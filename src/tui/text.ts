import { displayWidth, termText } from '../core/text.ts';

/** Dataset text made safe for a terminal: no escape sequences or control characters, bidi controls shown as `<U+…>`; one line. */
export const safe = termText;

export const width = displayWidth;

/** Cuts `text` to at most `max` display columns, ending in "…" when cut. */
export function truncate(text: string, max: number): string {
  if (max <= 0) return '';
  if (displayWidth(text) <= max) return text;
  let out = '';
  let w = 0;
  for (const ch of text) {
    const cw = displayWidth(ch);
    if (w + cw > max - 1) break;
    out += ch;
    w += cw;
  }
  return `${out}…`;
}

/** Exactly `cols` display columns: cut, then padded on the right (or the left for `right`). */
export function fit(text: string, cols: number, align: 'left' | 'right' = 'left'): string {
  const t = truncate(text, cols);
  const pad = ' '.repeat(Math.max(0, cols - displayWidth(t)));
  return align === 'right' ? pad + t : t + pad;
}

/** Words wrapped to lines of at most `cols` columns; a word longer than a line is cut into pieces. */
export function wrap(text: string, cols: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    let w = word;
    while (displayWidth(w) > cols) {
      if (line !== '') {
        lines.push(line);
        line = '';
      }
      let piece = '';
      for (const ch of w) {
        if (displayWidth(piece + ch) > cols) break;
        piece += ch;
      }
      lines.push(piece);
      w = w.slice(piece.length);
    }
    const next = line === '' ? w : `${line} ${w}`;
    if (displayWidth(next) > cols) {
      lines.push(line);
      line = w;
    } else line = next;
  }
  if (line !== '') lines.push(line);
  return lines;
}
