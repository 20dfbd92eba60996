import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { UserError } from './errors.ts';

/** Text editors on Windows start UTF-8 files with a byte-order mark; it is not content. */
export const stripBom = (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/**
 * A file's text without its byte-order mark; a file that cannot be read is the user's error, naming
 * it (`what`: "report"). Bytes that are not UTF-8 are described by line, never echoed.
 */
export function readText(file: string, what = 'file'): string {
  return decodeText(readBytes(file, what), file);
}

/** A file's bytes; a file that cannot be read is the user's error, as for `readText`. */
export function readBytes(file: string, what = 'file'): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(code === 'EISDIR' ? `is a folder, not a ${what}` : `cannot read ${what} (${code ?? String(e)})`, file);
  }
}

/** Bytes read from `file` as its text, as `readText` gives it. */
export function decodeText(bytes: Buffer, file: string): string {
  return stripBom(decodeUtf8(bytes, file));
}

export const NOT_TEXT = 'not text (binary bytes)';

/** The bytes as UTF-8 text; invalid UTF-8 is the user's error, naming the first line that holds it. */
function decodeUtf8(bytes: Buffer, file: string): string {
  const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
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

/** Checks that `file` can be written as a file (its path is not a folder), before any work is done for it. */
export function checkWritableFile(file: string): void {
  let isDir = false;
  try {
    isDir = statSync(file).isDirectory();
  } catch {
    return; // absent: it will be created
  }
  if (isDir) throw new UserError('is a folder: give a file name for the output', file);
}

/** Text given in pieces (a large report), written in blocks of about a megabyte: never all of it in memory at once. */
function writeChunks(fd: number, chunks: Iterable<string>): void {
  let block = '';
  for (const chunk of chunks) {
    block += chunk;
    if (block.length >= 1 << 20) {
      writeSync(fd, block);
      block = '';
    }
  }
  if (block !== '') writeSync(fd, block);
}

/**
 * Writes a file (text, or its pieces in order) whole or not at all: to a temporary sibling first,
 * flushed to disk, then renamed over the target, so a crash never leaves a half-written file that
 * looks complete. When anything fails the temporary file is removed; a target that cannot be
 * written is the user's error.
 */
export function writeFileAtomic(file: string, text: string | Iterable<string>): void {
  checkWritableFile(file);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const fd = openSync(tmp, 'w');
    try {
      if (typeof text === 'string') writeSync(fd, text);
      else writeChunks(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'ENOTDIR' || code === 'EISDIR' || code === 'EROFS' || code === 'ENOSPC') {
      throw new UserError(`cannot write file (${code})`, file);
    }
    throw e;
  }
}

/** Flushes a folder's entries (a file created or renamed in it) to disk; where folders cannot be opened (Windows), a no-op. */
export function syncDir(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch {
    // Some file systems refuse fsync on a folder; the file's own fsync has still happened.
  } finally {
    closeSync(fd);
  }
}

/**
 * Appends `text` to a file and flushes it to disk before returning, so what was appended survives a
 * crash, `kill -9` or a power cut that comes after. A file created by this append has its folder
 * entry flushed too. A target that cannot be written is the user's error.
 */
export function appendDurable(file: string, text: string): void {
  checkWritableFile(file);
  let created = false;
  try {
    statSync(file);
  } catch {
    created = true;
  }
  try {
    if (created) mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const fd = openSync(file, 'a');
    try {
      const bytes = Buffer.from(text, 'utf8');
      for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'ENOTDIR' || code === 'EISDIR' || code === 'EROFS' || code === 'ENOSPC') {
      throw new UserError(`cannot write file (${code})`, file);
    }
    throw e;
  }
  if (created) syncDir(path.dirname(path.resolve(file)));
}
