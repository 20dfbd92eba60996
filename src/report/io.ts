import { schemaError, UserError } from '../core/errors.ts';
import { readText, writeFileAtomic } from '../core/files.ts';
import { jsonText } from '../core/text.ts';
import { migrateReport } from './migrate.ts';
import { ReportSchema, type Report } from './schema.ts';

/** Reads and validates a report; an unreadable file or a schema mismatch is the user's error (exit 2). */
export function readReport(file: string): Report {
  const text = readText(file, 'report');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new UserError(`not a JSON report: ${(e as Error).message}`, file);
  }
  const result = ReportSchema.safeParse(migrateReport(data, file));
  if (!result.success) throw schemaError(result.error, file, { what: 'not a labelgate report' });
  return result.data;
}

/** Validates before writing: a report that does not match its own schema is a bug, and is never written. */
export function writeReport(file: string, report: Report): void {
  const checked = ReportSchema.parse(report);
  writeFileAtomic(file, `${jsonText(checked)}\n`);
}
