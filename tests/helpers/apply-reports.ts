import { labelDistribution } from '../../src/metrics/distribution.ts';
import { APPLY_KIND, APPLY_SCHEMA_VERSION, ApplyReportSchema, type ApplyReport } from '../../src/report/apply-schema.ts';

/**
 * An apply report from counts: `counts[label]` cases of each category (labels first, then `invalid`
 * and `error`), ids `${prefix}${n}` in that order unless `ids` is given. Validated by the schema.
 */
export function applyReport(labels: string[], predictions: string[], options: { ids?: string[]; name?: string; version?: string; hash?: string } = {}): ApplyReport {
  const ids = options.ids ?? predictions.map((_, i) => `c${i + 1}`);
  return ApplyReportSchema.parse({
    schemaVersion: APPLY_SCHEMA_VERSION,
    kind: APPLY_KIND,
    tool: { name: 'labelgate', version: '0.0.0' },
    createdAt: '2026-11-26T00:00:00.000Z',
    corpus: { path: 'corpus.jsonl', hash: '0123456789abcdef', size: predictions.length },
    variant: { name: options.name ?? 'v1', version: options.version ?? '1.0.0', hash: options.hash ?? 'sha256:aaaa', labels, backend: 'offline' },
    distribution: labelDistribution(predictions, labels),
    usage: { tokens: { prompt: 0, completion: 0, total: 0 } },
    cases: predictions.map((prediction, i) => ({ id: ids[i]!, prediction, ...(prediction === 'invalid' || prediction === 'error' ? { reason: 'test' } : {}) })),
  });
}

/** `n` copies of `label`, for building prediction lists from counts. */
export const times = (label: string, n: number): string[] => Array.from({ length: n }, () => label);
