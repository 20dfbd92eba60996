import { pairedCounts, pairVariants, reportCaseIds, type PairedCase } from '../../compare/pairing.ts';
import { mcnemarExact } from '../../gate/mcnemar.ts';
import type { Report } from '../../report/schema.ts';
import type { Column } from './columns.ts';

/** The paired cases of a column against the reference column, as the gate and the diff pair them. */
export function pairColumns(reference: Column, column: Column, reports: readonly Report[]): PairedCase[] {
  const refReport = reports[reference.reportIndex]!;
  const colReport = reports[column.reportIndex]!;
  const sameCases = refReport === colReport || (refReport.dataset.hash === colReport.dataset.hash && refReport.dataset.split === colReport.dataset.split);
  return pairVariants(reference.variant, column.variant, sameCases ? null : reportCaseIds(colReport)).cases;
}

export interface PairedTest {
  broken: number;
  fixed: number;
  n: number;
  /** McNemar's exact one-sided p-value in the direction of the change (the gate's test, turned round for a gain). */
  pValue: number;
  significant: boolean;
}

/**
 * Whether the change from the reference is one the gate would call significant: McNemar's exact
 * one-sided test at the gate's α, for a drop as the gate runs it and, symmetrically, for a gain.
 */
export function pairedTest(cases: readonly PairedCase[], alpha: number): PairedTest {
  const { broken, fixed } = pairedCounts(cases);
  const pValue = broken >= fixed ? mcnemarExact(broken, fixed, 'worse') : mcnemarExact(fixed, broken, 'worse');
  return { broken, fixed, n: cases.length, pValue, significant: broken !== fixed && pValue < alpha };
}
