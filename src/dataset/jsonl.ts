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
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new UserError(`cannot read file (${(e as NodeJS.ErrnoException).code ?? String(e)})`, file);
  }
  return { lines: parseJsonl(decodeUtf8(bytes, file), file), text: bytes.toString('utf8') };
}

const NOT_TEXT = 'not text (binary bytes)';

/** The file as UTF-8 text; bytes that are not UTF-8 are described by line, never echoed. */
function decodeUtf8(bytes: Buffer, file: string): string {
  const strict = new TextDecoder('utf-8', { fatal: true });
  try {
    return strict.decode(bytes);
  } catch {
    let start = 0;
    for (let line = 1; ; line++) {
      const end = bytes.indexOf(0x0a, start);
      try {
        strict.decode(bytes.subarray(start, end === -1 ? bytes.length : end));
      } catch {
        throw new UserError(NOT_TEXT, file, line);
      }
      if (end === -1) throw new UserError(NOT_TEXT, file);
      start = end + 1;
    }
  }
}

export function parseJsonl(text: string, file: string): JsonlLine[] {
  const rows = text.replace(/^\uFEFF/, '').split(/\r?\n/);
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
