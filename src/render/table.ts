import { displayWidth, excerpt, termText } from '../core/text.ts';

/**
 * The one table layer: markdown tables for GitHub and aligned text tables for terminals, and the
 * cell sanitisers every renderer passes data text through (one line, short, no markup or control
 * sequences). Widths are display widths, so emoji and CJK text stay aligned.
 */

export type Align = 'l' | 'r' | 'c';

const ALIGN_ROW: Record<Align, string> = { l: ':--', r: '--:', c: ':-:' };

/** Data text for a terminal cell: control sequences removed, one line, at most `max` characters. */
export function termCell(text: string, max: number): string {
  return excerpt(termText(text), max);
}

/**
 * A GitHub-flavoured markdown table. Cells are markdown: pass anything that comes from data
 * through `mdData` (or `mdCode`, in escape.ts) first, which escapes the pipes that would split a cell. Line breaks
 * cannot exist in a table row, so they are flattened here whatever the caller passed.
 */
export function mdTable(header: string[], rows: string[][], align?: Align[]): string {
  const cell = (text: string) => text.replace(/\r\n?|\n/g, ' ').trim() || ' ';
  const line = (cells: string[]) => `| ${header.map((_, i) => cell(cells[i] ?? '')).join(' | ')} |`;
  return [line(header), `|${header.map((_, i) => ALIGN_ROW[align?.[i] ?? 'l']).join('|')}|`, ...rows.map(line)].join('\n');
}

/** Aligned columns for a terminal, a rule under the header; `c` aligns left in plain text. */
export function textTable(header: string[], rows: string[][], align: Align[]): string {
  const widths = header.map((h, c) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[c] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => {
        const pad = ' '.repeat(Math.max(0, widths[c]! - displayWidth(cell)));
        return align[c] === 'r' ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Every line of a block indented by two spaces (a variant's tables under its heading). */
export function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}
