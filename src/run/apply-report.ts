import pkg from '../../package.json' with { type: 'json' };
import { isOutcome } from '../core/outcome.ts';
import { labelDistribution } from '../metrics/distribution.ts';
import { APPLY_KIND, APPLY_SCHEMA_VERSION, type ApplyReport } from '../report/apply-schema.ts';
import type { Report } from '../report/schema.ts';

/**
 * The apply report from an evaluation of one variant over a corpus: what ran on what, the label
 * distribution, usage and every case's prediction (its reason when `invalid` or `error`). Pure.
 */
export function applyReportFrom(report: Report, createdAt?: string): ApplyReport {
  if (report.variants.length !== 1) throw new Error(`applyReportFrom: one variant expected, got ${report.variants.length}`);
  const v = report.variants[0]!;
  const { path, hash, size, totalSize, mapping, shard } = report.dataset;
  return {
    schemaVersion: APPLY_SCHEMA_VERSION,
    kind: APPLY_KIND,
    tool: { name: 'labelgate', version: pkg.version },
    createdAt: createdAt ?? report.createdAt,
    corpus: { path, hash, size, ...(totalSize !== undefined && { totalSize }), ...(mapping && { mapping }), ...(shard && { shard }) },
    variant: {
      name: v.name,
      version: v.version,
      hash: v.hash,
      ...(v.task !== undefined && { task: v.task }),
      ...(v.path !== undefined && { path: v.path }),
      ...(v.changelog !== undefined && { changelog: v.changelog }),
      labels: v.labels,
      backend: v.backend,
      ...(v.model !== undefined && { model: v.model }),
      ...(v.classifier !== undefined && { classifier: v.classifier }),
    },
    distribution: labelDistribution(
      v.cases.map((c) => c.prediction),
      v.labels,
    ),
    usage: v.usage,
    cases: v.cases.map((c) => ({ id: c.id, prediction: c.prediction, ...(c.reason !== undefined && isOutcome(c.prediction) && { reason: c.reason }) })),
  };
}
