import type { Report, VariantResult } from '../../report/schema.ts';

/** A report as the user named it on the command line. */
export interface NamedReport {
  /** Short name shown in column titles when several reports are compared (the file's base name). */
  name: string;
  report: Report;
}

/** One column of every comparison view: a variant of one report. */
export interface Column {
  /** `v3@1.0.0`, or `base:v3@1.0.0` when two or more reports are compared. Untrusted text. */
  title: string;
  reportIndex: number;
  variant: VariantResult;
}

/** Variants as columns, report by report, in the order given. */
export function buildColumns(reports: readonly NamedReport[]): Column[] {
  const many = reports.length > 1;
  return reports.flatMap((r, reportIndex) =>
    r.report.variants.map((variant) => ({
      title: `${many ? `${r.name}:` : ''}${variant.name}@${variant.version}`,
      reportIndex,
      variant,
    })),
  );
}

/** Gold labels of every column, in first-declared order: the rows of every grid and filter. */
export function allLabels(columns: readonly Column[]): string[] {
  const labels = new Set<string>();
  for (const c of columns) for (const l of c.variant.labels) labels.add(l);
  return [...labels];
}
