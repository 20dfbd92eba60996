import { UserError } from '../core/errors.ts';
import { computeMetrics } from './index.ts';
import { readReport } from '../report/io.ts';
import type { Report } from '../report/schema.ts';

/** A stored figure of a report that its case rows do not give. */
export interface MetricsMismatch {
  variant: string;
  /** The figure's path in the variant's `metrics`, e.g. `perLabel.other.recall`. */
  figure: string;
  stored: unknown;
  recomputed: unknown;
}

/**
 * The first figure of any variant's stored `metrics` that differs from the metrics recomputed from
 * its case rows (with the recorded bootstrap seed and resample count), or undefined when all agree.
 * A report is evidence only through its rows; a stored figure that its rows do not give means the
 * file was edited or produced by something else, and nothing should be judged on it.
 */
export function metricsMismatch(report: Report): MetricsMismatch | undefined {
  for (const v of report.variants) {
    const { seed, resamples } = v.metrics.macroF1CI;
    const recomputed = computeMetrics(v.cases, v.labels, { seed, resamples });
    const diff = firstDifference(v.metrics, recomputed, '');
    if (diff) return { variant: v.name, ...diff };
  }
  return undefined;
}

function firstDifference(stored: unknown, recomputed: unknown, path: string): Omit<MetricsMismatch, 'variant'> | undefined {
  const here = { figure: path || 'metrics', stored, recomputed };
  if (typeof stored === 'number' && typeof recomputed === 'number') {
    // JSON keeps doubles exactly; the tolerance only forgives a different summation order.
    return Math.abs(stored - recomputed) <= 1e-9 * Math.max(1, Math.abs(recomputed)) || (Number.isNaN(stored) && Number.isNaN(recomputed)) ? undefined : here;
  }
  if (stored === null || recomputed === null || typeof stored !== 'object' || typeof recomputed !== 'object') {
    return stored === recomputed ? undefined : here;
  }
  if (Array.isArray(stored) !== Array.isArray(recomputed)) return here;
  const keys = new Set([...Object.keys(stored), ...Object.keys(recomputed)]);
  for (const key of keys) {
    const d = firstDifference((stored as Record<string, unknown>)[key], (recomputed as Record<string, unknown>)[key], path ? `${path}.${key}` : key);
    if (d) return d;
  }
  return undefined;
}

/** A report read from a file and checked against its own rows: what commands that judge reports read. */
export function readCheckedReport(file: string): Report {
  return checkReportMetrics(readReport(file), file);
}

/** Refuses (exit 2) a report whose stored metrics its rows do not give, naming the figure. */
export function checkReportMetrics(report: Report, file: string): Report {
  const m = metricsMismatch(report);
  if (m) {
    throw new UserError(
      `variant "${m.variant}": stored metrics.${m.figure} is ${JSON.stringify(m.stored)} but its case rows give ${JSON.stringify(m.recomputed)}; the report was edited or is not labelgate's — rebuild it (labelgate eval or score)`,
      file,
    );
  }
  return report;
}
