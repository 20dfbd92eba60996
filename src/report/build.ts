import pkg from '../../package.json' with { type: 'json' };
import { SCHEMA_VERSION, type DatasetInfo, type Report, type VariantResult } from './schema.ts';

export interface ReportInput {
  dataset: DatasetInfo;
  variants: VariantResult[];
  /** Prediction ids that match no case (from `score` and `replay`); pass [] when checked and none were found. */
  unknownPredictionIds?: string[];
  /** Defaults to now; fixed by tests. */
  createdAt?: string;
}

/** A report from its parts; each variant's section comes from `buildVariantResult` (metrics/variant-result.ts). */
export function buildReport(input: ReportInput): Report {
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'labelgate', version: pkg.version },
    createdAt: input.createdAt ?? new Date().toISOString(),
    dataset: input.dataset,
    variants: input.variants,
    ...(input.unknownPredictionIds !== undefined ? { unknownPredictionIds: input.unknownPredictionIds } : {}),
  };
}
