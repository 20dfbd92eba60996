import { schemaError, UserError } from '../core/errors.ts';
import { closeSync, openSync, readSync } from 'node:fs';
import { readText, writeFileAtomic } from '../core/files.ts';
import { jsonText } from '../core/text.ts';
import { APPLY_KIND, APPLY_SCHEMA_VERSION, ApplyReportSchema, type ApplyReport } from './apply-schema.ts';

/** Reads and validates an apply report; anything else (an eval report, a newer version, bad JSON) is the user's error. */
export function readApplyReport(file: string): ApplyReport {
  const text = readText(file, 'apply report');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new UserError(`not a JSON apply report: ${(e as Error).message}`, file);
  }
  const head = (data ?? {}) as { kind?: unknown; schemaVersion?: unknown; variants?: unknown };
  if (head.kind !== APPLY_KIND) {
    const what = Array.isArray(head.variants) ? 'an eval report, not an apply report' : 'not a labelgate apply report';
    throw new UserError(`${what} (labelgate apply --out writes those)`, file);
  }
  if (typeof head.schemaVersion === 'number' && head.schemaVersion > APPLY_SCHEMA_VERSION) {
    throw new UserError(`apply report schemaVersion ${head.schemaVersion} is newer than this labelgate reads (${APPLY_SCHEMA_VERSION}): upgrade labelgate`, file);
  }
  const result = ApplyReportSchema.safeParse(data);
  if (!result.success) throw schemaError(result.error, file, { what: 'not a valid apply report' });
  return result.data;
}

/** Validates before writing: a report that does not match its own schema is a bug, and is never written. */
export function writeApplyReport(file: string, report: ApplyReport): void {
  writeFileAtomic(file, `${jsonText(ApplyReportSchema.parse(report))}\n`);
}

/**
 * Whether a file is an apply report rather than an eval report, from its first few kilobytes, so a
 * command that takes either (`merge`) parses a large report once. Written reports put `kind` on
 * their second line; anything unreadable answers false and is reported by the real read.
 */
export function isApplyReportFile(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const head = Buffer.alloc(4096);
    const n = readSync(fd, head, 0, head.length, 0);
    return /^\uFEFF?\s*\{\s*"schemaVersion"\s*:\s*\d+\s*,\s*"kind"\s*:\s*"labelgate-apply"/.test(head.subarray(0, n).toString('utf8'));
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
