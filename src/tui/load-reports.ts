import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/errors.ts';
import { readReport, readReportHead } from '../report/io.ts';
import type { NamedReport } from './model/columns.ts';

/** The most recently written `.json` report in `dir`, or a user error saying there is none. */
export function newestReport(dir: string): string {
  let entries: string[];
  try {
    entries = readdirSync(dir).filter((f) => f.endsWith('.json'));
  } catch {
    throw new UserError(`no report given, and no ${dir}/ folder to take the newest from`);
  }
  const newest = entries.map((f) => ({ f: path.join(dir, f), t: statSync(path.join(dir, f)).mtimeMs })).sort((a, b) => b.t - a.t || a.f.localeCompare(b.f))[0];
  if (!newest) throw new UserError(`no report given, and no .json report in ${dir}/`);
  return newest.f;
}

/** Names for the reports' files: the base name; a clash gets its position. */
function reportNames(files: readonly string[]): string[] {
  const base = files.map((f) => path.basename(f).replace(/\.json$/, ''));
  return base.map((b, i) => (base.indexOf(b) === i && base.lastIndexOf(b) === i ? b : `${i + 1}.${b}`));
}

/** Reads the reports and names them by file. */
export function loadNamedReports(files: readonly string[]): NamedReport[] {
  const names = reportNames(files);
  return files.map((f, i) => ({ name: names[i]!, report: readReport(f) }));
}

/** The reports read up to their case rows (`readReportHead`), and a way to read the rest. */
export interface OpenedReports {
  heads: NamedReport[];
  rowsPending: boolean;
  /** The whole reports, rows read and validated. */
  full(): NamedReport[];
}

export function openNamedReports(files: readonly string[]): OpenedReports {
  const names = reportNames(files);
  const heads = files.map(readReportHead);
  return {
    heads: heads.map((h, i) => ({ name: names[i]!, report: h.report })),
    rowsPending: heads.some((h) => h.rowsPending),
    full: () => heads.map((h, i) => ({ name: names[i]!, report: h.full() })),
  };
}

/** `--reference` as a column title, a variant name, or a 1-based position. */
export function referenceIndex(titles: readonly string[], variantNames: readonly string[], spec: string | undefined): number {
  if (spec === undefined) return 0;
  const byTitle = titles.indexOf(spec);
  if (byTitle >= 0) return byTitle;
  const byName = variantNames.indexOf(spec);
  if (byName >= 0) return byName;
  const n = Number(spec);
  if (Number.isInteger(n) && n >= 1 && n <= titles.length) return n - 1;
  throw new UserError(`--reference "${spec}" is not a column (one of ${titles.join(', ')}, or 1–${titles.length})`);
}
