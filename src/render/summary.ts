import { ERROR, INVALID, type Report } from '../report/schema.ts';
import { count, fixed, pctWithCI } from './format.ts';
import type { Align } from './markdown.ts';

export const SUMMARY_HEADER = ['variant', 'backend', 'n', 'accuracy (95% CI)', 'macro-F1 (95% CI)', 'kappa', INVALID, ERROR];
export const SUMMARY_ALIGN: Align[] = ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r'];

/**
 * The one-row-per-variant summary as cells, for every renderer. `name` escapes text that comes from
 * the report (variant and model names); `undefinedMark` flags a kappa that was 0/0.
 */
export function summaryRows(report: Report, name: (text: string) => string, undefinedMark: string): string[][] {
  return report.variants.map((v) => [
    name(`${v.name}@${v.version}`),
    name(v.model === undefined ? v.backend : `${v.backend}/${v.model}`),
    count(v.metrics.labeled),
    pctWithCI(v.metrics.accuracy, v.metrics.accuracyCI),
    pctWithCI(v.metrics.macroF1, v.metrics.macroF1CI),
    fixed(v.metrics.kappa, 3) + (v.metrics.undefinedMetrics?.includes('kappa') ? undefinedMark : ''),
    count(v.metrics.invalid),
    count(v.metrics.error),
  ]);
}
