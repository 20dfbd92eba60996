/** Checks on rendered GitHub markdown, shared by the diff and gate tests. */

/** The cells of a table row: split on pipes not escaped by a backslash, without the outer ones. */
export function tableCells(line: string): number {
  let pipes = 0;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === '|') pipes++;
  }
  return pipes - 1;
}

/**
 * Every table (runs of lines starting with "|"): its header's cell count, its delimiter row's and
 * each body row's.
 */
export function tables(markdown: string): { header: number; delimiter: number; rows: number[] }[] {
  const out: { header: number; delimiter: number; rows: number[] }[] = [];
  let current: { header: number; delimiter: number; rows: number[] } | undefined;
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('|')) {
      current = undefined;
      continue;
    }
    if (!current) out.push((current = { header: tableCells(line), delimiter: -1, rows: [] }));
    else if (current.delimiter === -1) current.delimiter = /^\|(\s*:?-+:?\s*\|)+$/.test(line) ? tableCells(line) : -2;
    else current.rows.push(tableCells(line));
  }
  return out;
}
