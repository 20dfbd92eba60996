import { isOutcome, OUTCOMES } from '../core/outcome.ts';
import type { Distribution } from '../report/apply-schema.ts';
import { wilson } from './intervals.ts';

export type { Distribution, ShareRow } from '../report/apply-schema.ts';

/** The categories a distribution over `labels` has, in the order reports show them. */
export const categoriesOf = (labels: readonly string[]): string[] => [...labels, ...OUTCOMES];

/**
 * How predictions spread over the variant's labels: count, share and its Wilson interval per label,
 * with `invalid` and `error` as rows of their own. A prediction that is neither a label nor an
 * outcome is a bug upstream (case rows hold nothing else) and throws.
 */
export function labelDistribution(predictions: Iterable<string>, labels: readonly string[]): Distribution {
  const categories = categoriesOf(labels);
  const index = new Map(categories.map((c, i) => [c, i]));
  const counts = new Array<number>(categories.length).fill(0);
  let total = 0;
  for (const p of predictions) {
    const i = index.get(p);
    if (i === undefined) throw new RangeError(`labelDistribution: "${p}" is neither a label (${labels.join(', ')}) nor ${OUTCOMES.join('/')}`);
    counts[i]! += 1;
    total += 1;
  }
  return { total, rows: categories.map((label, i) => ({ label, count: counts[i]!, share: total === 0 ? 0 : counts[i]! / total, ci: wilson(counts[i]!, total) })) };
}

/** The labels of a distribution's rows (the outcomes left out). */
export const distributionLabels = (d: Distribution): string[] => d.rows.map((r) => r.label).filter((l) => !isOutcome(l));
