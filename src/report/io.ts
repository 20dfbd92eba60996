import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.ts';
import { jsonText } from '../render/escape.ts';
import { ReportSchema, SCHEMA_VERSION, type Report } from './schema.ts';

/** Reads and validates a report; an unreadable file or a schema mismatch is the user's error (exit 2). */
export function readReport(file: string): Report {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new UserError(err.code ? `cannot read report (${err.code})` : `not a JSON report: ${err.message}`, file);
  }
  const version = (data as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version !== SCHEMA_VERSION) {
    throw new UserError(`report schemaVersion ${JSON.stringify(version)} is not supported (this labelgate reads ${SCHEMA_VERSION})`, file);
  }
  const result = ReportSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new UserError(`not a labelgate report: ${issue.path.join('.') || '(root)'}: ${issue.message}`, file);
  }
  return result.data;
}

/**
 * Writes a file whole or not at all: to a temporary sibling first, then renamed over the target,
 * so a crash never leaves a half-written report that looks complete.
 */
export function writeFileAtomic(file: string, text: string): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

/** Validates before writing: a report that does not match its own schema is a bug, and is never written. */
export function writeReport(file: string, report: Report): void {
  const checked = ReportSchema.parse(report);
  writeFileAtomic(file, `${jsonText(checked)}\n`);
}
