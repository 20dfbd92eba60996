import { datasetLabels, type Dataset } from '../dataset/load.ts';
import type { Case } from '../dataset/schema.ts';
import type { Split } from '../dataset/split.ts';
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

/** One variant's section of a report, from the variant file, what ran it and its rows. */
export function variantResult(v: Variant, ranBy: { backend: string; model?: string; classifier?: ClassifierInfo }, rows: CaseRow[]): VariantResult {
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
    cases: rows,
  });
}
