import { UserError } from '../core/errors.ts';
import { readText, stripBom } from '../core/files.ts';

export interface JsonlLine {
  line: number;
  value: unknown;
}

/**
 * Reads a JSON Lines file: a byte-order mark and CRLF endings are accepted, blank lines skipped,
 * and anything else that is not one JSON object per line is an error naming the line.
 */
export function readJsonl(file: string): { lines: JsonlLine[]; text: string } {
  const text = readText(file);
  return { lines: parseJsonl(text, file), text };
}

export function parseJsonl(text: string, file: string): JsonlLine[] {
  const rows = stripBom(text).split(/\r?\n/);
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

/**
 * A JSONL line's field that failed validation: `missing field "x"` or `field "x": why`, naming the
 * user's own field when a mapping renamed it (`label (from "gold")`).
 */
export function fieldError(file: string, line: number, value: unknown, field: string, why: string, source?: string): UserError {
  const named = source && source !== field ? `${field} (from "${source}")` : field;
  const missing = (value as Record<string, unknown>)[source ?? field] === undefined;
  return new UserError(missing ? `missing field "${named}"` : `field "${named}": ${why}`, file, line);
}
