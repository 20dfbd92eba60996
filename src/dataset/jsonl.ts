import { readFileSync } from 'node:fs';
import { UserError } from '../errors.ts';

export interface JsonlLine {
  line: number;
  value: unknown;
}

/**
 * Reads a JSON Lines file: a byte-order mark and CRLF endings are accepted, blank lines skipped,
 * and anything else that is not one JSON object per line is an error naming the line.
 */
export function readJsonl(file: string): { lines: JsonlLine[]; text: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read file (${(e as NodeJS.ErrnoException).code ?? String(e)})`, file);
  }
  return { lines: parseJsonl(text, file), text };
}

export function parseJsonl(text: string, file: string): JsonlLine[] {
  const rows = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const lines: JsonlLine[] = [];
  rows.forEach((row, i) => {
    if (row.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(row);
    } catch (e) {
      throw new UserError(`invalid JSON: ${(e as Error).message}`, file, i + 1);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new UserError('each line must be a JSON object', file, i + 1);
    }
    lines.push({ line: i + 1, value });
  });
  if (lines.length === 0) throw new UserError('the file holds no cases', file);
  return lines;
}
