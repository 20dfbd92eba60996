import { readFileSync } from 'node:fs';
import path from 'node:path';
import { judgeRecorded } from '../classifier/replay.ts';
import { UserError } from '../core/errors.ts';
import { contentHash, shortHash } from '../core/hash.ts';
import { isOutcome, reservedReason } from '../core/outcome.ts';
import { excerpt } from '../core/text.ts';
import { checkLabels, datasetLabels, loadDataset, type Dataset } from '../dataset/load.ts';
import { readPredictions, type RecordedPrediction } from '../dataset/predictions.ts';
import type { FieldMap } from '../dataset/schema.ts';
import { buildVariantResult } from '../metrics/variant-result.ts';
import { buildReport } from '../report/build.ts';
import { ReportSchema, type CaseRow, type Report } from '../report/schema.ts';
import { LabelName } from '../variant/schema.ts';
import { datasetInfo } from './assemble.ts';

export interface ScoreInput {
  dataset: Dataset;
  predictionsPath: string;
  predictions: Map<string, RecordedPrediction>;
  /** Hash of the predictions file: it identifies what is being scored, as a variant's hash does. */
  predictionsHash: string;
  labels?: string[];
  name: string;
}

/** The report of recorded predictions against a dataset; pure apart from what it is given. */
export function scorePredictions(input: ScoreInput): { report: Report; unknown: { id: string; line: number }[] } {
  const { dataset, predictions } = input;
  const labels = input.labels ?? datasetLabels(dataset.cases);
  if (input.labels) checkLabels(dataset, labels, '--labels');
  for (const c of dataset.cases) {
    const why = c.label === undefined ? undefined : reservedReason(c.label);
    if (why !== undefined) throw new UserError(`label "${c.label}" cannot be used as a label: ${why}`, dataset.path, c.line);
  }
  if (!dataset.cases.some((c) => c.label !== undefined)) throw new UserError('no case has a label, so there is nothing to score', dataset.path);
  if (!input.labels) refuseUnknownLabelNames(predictions, labels, input.predictionsPath);
  const cases: CaseRow[] = dataset.cases.map((c) => ({ id: c.id, gold: c.label ?? null, ...judgeRecorded(predictions.get(c.id), labels), query: excerpt(c.query) }));
  const known = new Set(dataset.cases.map((c) => c.id));
  const unknown = [...predictions].filter(([id]) => !known.has(id)).map(([id, p]) => ({ id, line: p.line }));
  const variant = buildVariantResult({
    name: input.name,
    // Named by content: recorded predictions have no version of their own, and a fixed one would make
    // every comparison of two score reports say "content changed but the version was not bumped".
    version: `sha-${shortHash(input.predictionsHash)}`,
    hash: input.predictionsHash,
    path: input.predictionsPath,
    labels,
    backend: 'replay',
    cases,
  });
  const report = buildReport({
    dataset: datasetInfo(dataset, dataset.cases, 'all', labels),
    variants: [variant],
    unknownPredictionIds: unknown.map((u) => u.id),
  });
  return { report, unknown };
}

export interface ScoreFiles {
  /** The labeled dataset, JSONL. */
  dataset: string;
  /** Recorded predictions, JSONL `{"id", "prediction"}`. */
  predictions: string;
  /** Read a dataset with other field names as it is. */
  map?: FieldMap;
  /** The label set and its order (default: the dataset's gold labels, in order of first appearance). */
  labels?: string[];
  /** The variant's name in the report (default: the predictions file's name without .jsonl). */
  name?: string;
}

/**
 * `labelgate score`: predictions made elsewhere, scored against a dataset's gold labels, no model.
 * Also returns the prediction ids that match no case (listed in the report as well).
 */
export function score(input: ScoreFiles): { report: Report; unknown: { id: string; line: number }[] } {
  const name = input.name ?? path.basename(input.predictions).replace(/\.jsonl?$/i, '');
  if (name.trim() === '') throw new UserError('the variant name must not be empty (--name)');
  const { report, unknown } = scorePredictions({
    dataset: loadDataset(input.dataset, input.map),
    predictions: readPredictions(input.predictions),
    predictionsPath: input.predictions,
    predictionsHash: contentHash(readFileSync(input.predictions)),
    name,
    ...(input.labels && { labels: input.labels }),
  });
  return { report: ReportSchema.parse(report), unknown };
}

/**
 * Without `--labels` the label set is the gold labels, and a small dataset may lack a label the
 * classifier rightly predicts. A prediction that looks like a label name but is no gold label would
 * then count as `invalid` against the classifier: ask for the label set instead of guessing.
 */
function refuseUnknownLabelNames(predictions: Map<string, RecordedPrediction>, labels: readonly string[], file: string): void {
  for (const { prediction, line } of predictions.values()) {
    if (labels.includes(prediction) || isOutcome(prediction) || !LabelName.safeParse(prediction).success) continue;
    throw new UserError(
      `prediction "${prediction}" looks like a label, but no case has it as its gold label: pass --labels ${[...labels, prediction].join(',')} (the whole label set) so it is scored as a label, not as invalid`,
      file,
      line,
    );
  }
}

/** `--labels a,b,c`: non-empty, no duplicates, no reserved names. */
export function parseLabelList(spec: string): string[] {
  const labels = spec.split(',').map((s) => s.trim());
  const seen = new Set<string>();
  for (const label of labels) {
    if (label === '') throw new UserError(`--labels has an empty name in "${spec}"`);
    if (reservedReason(label) !== undefined) throw new UserError(`--labels: "${label}" cannot be a label name`);
    if (seen.has(label)) throw new UserError(`--labels names "${label}" twice`);
    seen.add(label);
  }
  return labels;
}
