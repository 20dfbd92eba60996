import { schemaError, UserError } from '../core/errors.ts';
import { decodeText, readBytes, writeFileAtomic } from '../core/files.ts';
import { reportText, splitRows } from './layout.ts';
import { migrateReport } from './migrate.ts';
import { checkedRows } from './rows.ts';
import { ReportSchema, SCHEMA_VERSION, type CaseRow, type Report } from './schema.ts';

/**
 * A report's head (everything but its rows) is parsed once per read. zod's fast path writes and
 * compiles a parser for each object shape on its first use, which costs a one-off parse more than
 * it saves: a command that reads two reports starts measurably sooner without it.
 */
const PARSED_ONCE = { jitless: true } as const;

/** Reads and validates a report; an unreadable file or a schema mismatch is the user's error (exit 2). */
export function readReport(file: string): Report {
  return readReportHead(file).full();
}

/** A report read up to its rows: what a command needs first, when the rows can wait. */
export interface ReportHead {
  /** The validated report; while `rowsPending`, every variant's `cases` is still empty. */
  report: Report;
  rowsPending: boolean;
  /** The whole report, rows read and validated (a user error when they are not valid). */
  full(): Report;
}

/**
 * Reads a report's metadata and metrics, leaving its case rows unread when the file is in the layout
 * labelgate writes (report/layout.ts); any other file is read whole. Either way the report is
 * validated as readReport validates it, rows included once `full()` reads them, with the same errors.
 */
export function readReportHead(file: string): ReportHead {
  const bytes = readBytes(file, 'report');
  const fast = headOf(bytes, file);
  if (fast) return fast;
  const report = parseWhole(bytes, file);
  return { report, rowsPending: false, full: () => report };
}

function parseWhole(bytes: Buffer, file: string): Report {
  const text = decodeText(bytes, file);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new UserError(`not a JSON report: ${(e as Error).message}`, file);
  }
  return validate(migrateReport(data, file), file);
}

/**
 * The report as ReportSchema parses it. The schema checks everything but the rows, and the rows get
 * the hand-written check (report/rows.ts); anything either rejects goes through the whole schema, so
 * the error is the one zod gives.
 */
function validate(data: unknown, file: string): Report {
  const variants = (data as { variants?: unknown } | null)?.variants;
  if (Array.isArray(variants) && variants.every((v) => typeof v === 'object' && v !== null)) {
    const rows = variants.map((v: { cases?: unknown }) => checkedRows(v.cases));
    const head = ReportSchema.safeParse({ ...(data as object), variants: variants.map((v: object) => ({ ...v, cases: [] })) }, PARSED_ONCE);
    if (head.success && rows.every((r) => r !== null)) {
      head.data.variants.forEach((v, i) => (v.cases = rows[i]!));
      return head.data;
    }
  }
  const whole = ReportSchema.safeParse(data);
  if (!whole.success) throw schemaError(whole.error, file, { what: 'not a labelgate report' });
  return whole.data;
}

/** The fast read of a file in labelgate's layout; null when the file is anything else, or anything about it is not as written (it is then read whole). */
function headOf(bytes: Buffer, file: string): ReportHead | null {
  const split = splitRows(bytes);
  if (!split) return null;
  let data: { schemaVersion?: unknown; variants?: unknown };
  try {
    data = JSON.parse(decodeText(split.head, file)) as typeof data;
  } catch {
    return null;
  }
  // An older report is migrated, which may touch its rows: read whole.
  if (data?.schemaVersion !== SCHEMA_VERSION || !Array.isArray(data.variants) || data.variants.length !== split.rows.length) return null;
  const variants = data.variants as { cases?: unknown }[];
  for (let k = 0; k < variants.length; k++) {
    const v = variants[k];
    if (typeof v !== 'object' || v === null || v.cases !== split.placeholder(k)) return null;
  }
  const head = ReportSchema.safeParse({ ...data, variants: variants.map((v) => ({ ...v, cases: [] })) }, PARSED_ONCE);
  if (!head.success) return null;
  let whole: Report | undefined;
  // The file's bytes are held until the rows are read, and let go then.
  let unread: { bytes: Buffer; blocks: Buffer[] } | undefined = { bytes, blocks: split.rows };
  const full = (): Report => {
    if (whole) return whole;
    const { bytes: all, blocks } = unread!;
    const rows = blocks.map((block) => rowsOf(block, file));
    whole = rows.some((r) => r === null) ? parseWhole(all, file) : { ...head.data, variants: head.data.variants.map((v, k) => ({ ...v, cases: rows[k]! })) };
    unread = undefined;
    return whole;
  };
  return { report: head.data, rowsPending: true, full };
}

function rowsOf(block: Buffer, file: string): CaseRow[] | null {
  try {
    return checkedRows(JSON.parse(decodeText(block, file)));
  } catch {
    return null;
  }
}

/** Validates before writing: a report that does not match its own schema is a bug, and is never written. */
export function writeReport(file: string, report: Report): void {
  writeFileAtomic(file, reportText(checkedForWriting(report)));
}

/** The report as ReportSchema.parse gives it, without copying rows that are already valid. */
function checkedForWriting(report: Report): Report {
  const rows = report.variants.map((v) => checkedRows(v.cases));
  const head = ReportSchema.safeParse({ ...report, variants: report.variants.map((v) => ({ ...v, cases: [] })) });
  if (!head.success || rows.some((r) => r === null)) return ReportSchema.parse(report);
  return { ...head.data, variants: head.data.variants.map((v, k) => ({ ...v, cases: rows[k]! })) };
}
