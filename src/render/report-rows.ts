import { ERROR, INVALID } from '../core/outcome.ts';
import { type PerLabel, type Report, type VariantResult } from '../report/schema.ts';
import { count, fixed, pct, pctWithCI, usd } from './format.ts';

/** Row builders shared by every renderer of a report; each renderer escapes and lays the cells out its own way. */
import type { Align } from './table.ts';

export const SUMMARY_HEADER = ['variant', 'backend', 'n', 'accuracy (95% CI)', 'macro-F1 (95% CI)', 'kappa', INVALID, ERROR];
export const SUMMARY_ALIGN: Align[] = ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r'];

/** The summary's cost column: only when some variant was billed (a known cost, or an unknown one). */
const COST_HEADER = 'cost / 1k cases';
const showsCost = (report: Report): boolean => report.variants.some((v) => v.usage.costUsd !== undefined || v.usage.costUnknown !== undefined);
export const summaryHeader = (report: Report): string[] => (showsCost(report) ? [...SUMMARY_HEADER, COST_HEADER] : SUMMARY_HEADER);
export const summaryAlign = (report: Report): Align[] => (showsCost(report) ? [...SUMMARY_ALIGN, 'r'] : SUMMARY_ALIGN);

/** A variant's cost per 1,000 cases, "unknown" when it could not be priced, "–" when nothing was billed. */
export function costCell(v: VariantResult): string {
  if (v.usage.costPer1kCases !== undefined) return usd(v.usage.costPer1kCases);
  return v.usage.costUnknown !== undefined ? 'unknown' : '–';
}

/**
 * The cost sentence under a variant, or undefined when nothing was billed. `name` escapes report
 * text (the model name, inside the reason).
 */
export function costLine(v: VariantResult, name: (text: string) => string): string | undefined {
  const u = v.usage;
  if (u.costUnknown !== undefined) return `cost unknown: ${name(u.costUnknown)}`;
  if (u.costUsd === undefined) return undefined;
  const per1k = u.costPer1kCases === undefined ? '' : `${usd(u.costPer1kCases)} per 1,000 cases`;
  const price = u.price ? `tokens at ${usd(u.price.input)} input, ${usd(u.price.output)} output${u.price.cachedInput === undefined ? '' : `, ${usd(u.price.cachedInput)} cached input`} per 1M` : '';
  const detail = [per1k, price].filter(Boolean).join('; ');
  return `cost ${usd(u.costUsd)}${detail ? ` (${detail})` : ''}`;
}

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
    ...(showsCost(report) ? [costCell(v)] : []),
  ]);
}

export const PER_LABEL_HEADER = ['label', 'precision', 'recall (95% CI)', 'F1', 'support', 'predicted'];
export const PER_LABEL_ALIGN: Align[] = ['l', 'r', 'r', 'r', 'r', 'r'];

/**
 * One row per declared label; a ratio that was 0/0 (reported as 0) carries `undefinedMark`. When any
 * does, the other ratios get `pad`, so a terminal's digits stay aligned.
 */
export function perLabelRows(v: VariantResult, name: (text: string) => string, undefinedMark: string, pad = ''): string[][] {
  const anyUndefined = v.labels.some((l) => v.metrics.perLabel[l]?.undefinedMetrics);
  const flagged = (p: PerLabel, metric: 'precision' | 'recall' | 'f1', text: string) =>
    p.undefinedMetrics?.includes(metric) ? `${text}${undefinedMark}` : anyUndefined ? `${text}${pad}` : text;
  return v.labels.map((label) => {
    const p = v.metrics.perLabel[label]!;
    return [
      name(label),
      flagged(p, 'precision', pct(p.precision)),
      flagged(p, 'recall', pctWithCI(p.recall, p.recallCI)),
      flagged(p, 'f1', pct(p.f1)),
      count(p.support),
      count(p.predicted),
    ];
  });
}
