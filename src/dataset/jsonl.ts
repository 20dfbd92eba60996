import { UserError } from '../core/errors.ts';
import { NOT_TEXT, readText, stripBom } from '../core/files.ts';

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
    // JSON.parse's message would quote the raw bytes; say what is wrong without echoing them.
    if (row.includes('\u0000')) throw new UserError(NOT_TEXT, file, i + 1);
    const control = /[\u0001-\u0008\u000b\u000c\u000e-\u001f]/.exec(row);
    if (control) {
      const code = control[0].charCodeAt(0).toString(16).padStart(4, '0');
      throw new UserError(`invalid JSON: a raw control character U+${code.toUpperCase()} at column ${control.index + 1} (JSON writes it as \\u${code})`, file, i + 1);
    }
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
