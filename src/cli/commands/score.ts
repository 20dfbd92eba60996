import { readFileSync } from 'node:fs';
import path from 'node:path';
import { checkLabels, datasetLabels, loadDataset, parseFieldMap, type Dataset } from '../../dataset/load.ts';
import { readPredictions, type RecordedPrediction } from '../../dataset/predictions.ts';
import { UserError } from '../../errors.ts';
import { contentHash } from '../../hash.ts';
import { RESERVED_LABELS } from '../../metrics/confusion.ts';
import { buildReport, buildVariantResult } from '../../report/build.ts';
import { writeReport } from '../../report/io.ts';
import { ERROR, INVALID, ReportSchema, type CaseRow, type Report } from '../../report/schema.ts';
import { excerpt, termText } from '../../render/escape.ts';
import { judgeRecorded } from '../../classifier/replay.ts';
import { renderReportMarkdown } from '../../render/markdown.ts';
import { renderReportText } from '../../render/text.ts';
import { FORMATS, oneOf, parse, required } from '../args.ts';

const HELP = `usage: labelgate score --dataset FILE --predictions FILE [options]

Builds a report from predictions made anywhere else, with no model: one variant, scored against
the dataset's gold labels.
  --dataset FILE        labeled JSONL dataset ({"id", "query", "label"?, ...} per line)
  --predictions FILE    JSONL predictions, {"id", "prediction"} per line
  --map id=SRC,...      read a dataset with other field names as it is
  --labels a,b,c        the label set and its order (default: the dataset's labels, in order of
                        first appearance); a gold label outside it is an error
  --name NAME           the variant's name in the report (default: the predictions file's name)
  --format text|markdown|json  what to print (default: text)
  --out FILE            also write the report there (atomically)
A case with no prediction counts as "${ERROR}", a prediction that is not a label as "${INVALID}";
predictions for ids not in the dataset are listed in the report and warned about.
Exit 0 when the report was built, 2 on bad input.`;

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
    if (c.label !== undefined && RESERVED_LABELS.includes(c.label)) {
      const why = c.label === INVALID || c.label === ERROR ? `"${c.label}" is a prediction outcome` : 'it cannot be a key in the report';
      throw new UserError(`label "${c.label}" cannot be used as a label: ${why}`, dataset.path, c.line);
    }
  }
  if (!dataset.cases.some((c) => c.label !== undefined)) throw new UserError('no case has a label, so there is nothing to score', dataset.path);
  const cases: CaseRow[] = dataset.cases.map((c) => ({ id: c.id, gold: c.label ?? null, ...judgeRecorded(predictions.get(c.id), labels), query: excerpt(c.query) }));
  const known = new Set(dataset.cases.map((c) => c.id));
  const unknown = [...predictions].filter(([id]) => !known.has(id)).map(([id, p]) => ({ id, line: p.line }));
  const variant = buildVariantResult({
    name: input.name,
    // Named by content: recorded predictions have no version of their own, and a fixed one would make
    // every comparison of two score reports say "content changed but the version was not bumped".
    version: `sha-${input.predictionsHash.replace(/^sha256:/, '').slice(0, 12)}`,
    hash: input.predictionsHash,
    path: input.predictionsPath,
    labels,
    backend: 'replay',
    cases,
  });
  const report = buildReport({
    dataset: {
      path: dataset.path,
      hash: dataset.hash,
      size: dataset.cases.length,
      totalSize: dataset.cases.length,
      labels: datasetLabels(dataset.cases, labels),
      split: 'all',
      ...(dataset.mapping && { mapping: dataset.mapping as Record<string, string> }),
    },
    variants: [variant],
    unknownPredictionIds: unknown.map((u) => u.id),
  });
  return { report, unknown };
}

/** `--labels a,b,c`: non-empty, no duplicates, no reserved names. */
export function parseLabelList(spec: string): string[] {
  const labels = spec.split(',').map((s) => s.trim());
  const seen = new Set<string>();
  for (const label of labels) {
    if (label === '') throw new UserError(`--labels has an empty name in "${spec}"`);
    if (RESERVED_LABELS.includes(label)) throw new UserError(`--labels: "${label}" cannot be a label name`);
    if (seen.has(label)) throw new UserError(`--labels names "${label}" twice`);
    seen.add(label);
  }
  return labels;
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    dataset: { type: 'string' },
    predictions: { type: 'string' },
    map: { type: 'string' },
    labels: { type: 'string' },
    name: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const format = oneOf(values.format, FORMATS, '--format', 'text');
  const datasetPath = required(values.dataset, '--dataset');
  const predictionsPath = required(values.predictions, '--predictions');
  const labels = values.labels === undefined ? undefined : parseLabelList(values.labels);
  const name = values.name ?? path.basename(predictionsPath).replace(/\.jsonl?$/i, '');
  if (name.trim() === '') throw new UserError('--name must not be empty');

  const dataset = loadDataset(datasetPath, parseFieldMap(values.map));
  const predictions = readPredictions(predictionsPath);
  const { report, unknown } = scorePredictions({
    dataset,
    predictions,
    predictionsPath,
    predictionsHash: contentHash(readFileSync(predictionsPath)),
    name,
    ...(labels && { labels }),
  });
  for (const u of unknown.slice(0, 10)) {
    console.error(`labelgate score: warning: ${termText(predictionsPath)}:${u.line}: id "${termText(excerpt(u.id, 80))}" matches no case in ${termText(datasetPath)}`);
  }
  if (unknown.length > 10) console.error(`labelgate score: warning: ${unknown.length - 10} more prediction ids match no case (all are listed in the report's unknownPredictionIds)`);

  const checked = ReportSchema.parse(report);
  if (values.out !== undefined) writeReport(values.out, checked);
  process.stdout.write(format === 'json' ? `${JSON.stringify(checked, null, 2)}\n` : format === 'markdown' ? renderReportMarkdown(checked) : renderReportText(checked));
  return 0;
}
