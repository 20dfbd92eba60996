import { datasetLabels, type Dataset } from '../dataset/load.ts';
import type { Case } from '../dataset/schema.ts';
import type { Split } from '../dataset/split.ts';
import type { PriceTable } from '../metrics/cost.ts';
import { buildVariantResult } from '../metrics/variant-result.ts';
import type { CaseRow, ClassifierInfo, DatasetInfo, VariantResult } from '../report/schema.ts';
import { labelNames, type Variant } from '../variant/schema.ts';

/** The report's dataset section: what was evaluated (after the split) out of what the file holds. */
export function datasetInfo(dataset: Dataset, cases: readonly Case[], split: Split, declaredLabels: string[] = []): DatasetInfo {
  return {
    path: dataset.path,
    hash: dataset.hash,
    size: cases.length,
    totalSize: dataset.cases.length,
    labels: datasetLabels(dataset.cases, declaredLabels),
    split,
    ...(dataset.mapping && { mapping: dataset.mapping as Record<string, string> }),
  };
}

/** One variant's section of a report, from the variant file, what ran it, its rows and the price table. */
export function variantResult(v: Variant, ranBy: { backend: string; model?: string; classifier?: ClassifierInfo }, rows: CaseRow[], prices?: PriceTable): VariantResult {
  // Own keys only: a model named "constructor" has no price.
  const price = ranBy.model !== undefined && prices && Object.hasOwn(prices, ranBy.model) ? prices[ranBy.model] : undefined;
  return buildVariantResult({
    name: v.name,
    version: v.version,
    hash: v.hash,
    task: v.task,
    path: v.path,
    changelog: v.changelog,
    labels: labelNames(v),
    backend: ranBy.backend,
    ...(ranBy.model !== undefined && { model: ranBy.model }),
    ...(ranBy.classifier !== undefined && { classifier: ranBy.classifier }),
    ...(price && { price }),
    cases: rows,
  });
}
