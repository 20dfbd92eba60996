import path from 'node:path';
import { BACKENDS } from '../../classifier/types.ts';
import { createClassifier } from '../../classifier/create.ts';
import { DEFAULT_CONCURRENCY, DEFAULT_DATASET, DEFAULT_VARIANTS, loadProjectConfig } from '../../config.ts';
import { checkLabels, datasetLabels, loadDataset, parseFieldMap, selectSplit } from '../../dataset/load.ts';
import { SPLITS } from '../../dataset/split.ts';
import type { FieldMap } from '../../dataset/schema.ts';
import { UserError } from '../../errors.ts';
import { runPromptfoo } from '../../promptfoo/run.ts';
import { buildReport, buildVariantResult } from '../../report/build.ts';
import { writeReport } from '../../report/io.ts';
import type { Report } from '../../report/schema.ts';
import { renderReportMarkdown } from '../../render/markdown.ts';
import { renderReportText } from '../../render/text.ts';
import { loadVariants } from '../../variant/load.ts';
import { checkLock, describeLockProblem, readLock } from '../../variant/lock.ts';
import { labelNames } from '../../variant/schema.ts';
import { FORMATS, oneOf, parse, positiveInt } from '../args.ts';

const HELP = `usage: labelgate eval [options]

Evaluates prompt variants on a dataset through promptfoo and writes a report.
  --variants DIR|FILE[,...]  variant files or folders (default: prompts)
  --dataset FILE             labeled JSONL dataset (default: datasets/docs-assistant.jsonl)
  --map id=SRC,document=SRC  use a dataset with other field names as it is
  --split validation|test|all  the deterministic 70/30 split by case id (default: all)
  --backend offline|openai|replay  (default: offline, no network)
  --model NAME               model for the openai backend (default: gpt-4.1-mini)
  --base-url URL             any OpenAI-compatible server (or OPENAI_BASE_URL)
  --predictions FILE         recorded predictions for the replay backend
  -j, --concurrency N        parallel requests at most; fewer while the server rate-limits (default: 4)
  --max-input-chars N        cases with more characters of query + document are invalid, not sent
                             (default: 100000, about 25k tokens)
  --out FILE                 report path (default: reports/eval-<time>.json)
  --format text|markdown|json  what to print (default: text)
  --no-cache                 ask the model again instead of reusing cached answers (.labelgate/cache)
  --config FILE              project defaults (default: labelgate.config.yaml if present)
  --quiet                    print nothing but errors
Exit 0 on a completed run, whatever the accuracy; 2 on bad input.`;

export interface EvalOptions {
  variants: string[];
  dataset: string;
  map?: FieldMap;
  split: (typeof SPLITS)[number];
  backend: (typeof BACKENDS)[number];
  model?: string;
  baseURL?: string;
  predictions?: string;
  concurrency: number;
  timeoutMs?: number;
  /** Time one case may spend retrying a model request, ms. */
  retryBudgetMs?: number;
  /** Cases with more characters of query and document are `invalid` without a request. */
  maxInputChars?: number;
  cache?: boolean;
  /** The variants lock to check against (default: prompts/variants.lock.json in the working directory). */
  lockFile?: string;
}

/** Everything `eval` does but printing: load, validate, run through promptfoo, build the report. */
export async function evaluate(o: EvalOptions, onProgress?: (done: number, total: number) => void): Promise<{ report: Report; warnings: string[] }> {
  const variants = loadVariants(o.variants);
  const warnings: string[] = [];
  for (const p of checkLock(variants, readLock(o.lockFile))) {
    if (p.kind === 'changed') throw new UserError(describeLockProblem(p), p.variant.path);
    warnings.push(`${p.variant.path}: ${describeLockProblem(p)}`);
  }
  const dataset = loadDataset(o.dataset, o.map);
  for (const v of variants) checkLabels(dataset, labelNames(v), v.path);
  const cases = selectSplit(dataset, o.split);
  if (cases.length === 0) throw new UserError(`the ${o.split} split holds no cases`, o.dataset);
  const classifier = await createClassifier({
    backend: o.backend,
    ...(o.model !== undefined && { model: o.model }),
    ...(o.baseURL !== undefined && { baseURL: o.baseURL }),
    ...(o.predictions !== undefined && { predictions: o.predictions }),
    ...(o.timeoutMs !== undefined && { timeoutMs: o.timeoutMs }),
    ...(o.cache === false && { cacheDir: false as const }),
    concurrency: o.concurrency,
    ...(o.retryBudgetMs !== undefined && { retryBudgetMs: o.retryBudgetMs }),
    ...(o.maxInputChars !== undefined && { maxInputChars: o.maxInputChars }),
  });
  const rows = await runPromptfoo({ variants, cases, classifier, concurrency: o.concurrency, ...(onProgress && { onProgress }) });
  const results = variants.map((v, i) =>
    buildVariantResult({
      name: v.name,
      version: v.version,
      hash: v.hash,
      task: v.task,
      path: v.path,
      changelog: v.changelog,
      labels: labelNames(v),
      backend: classifier.backend,
      ...(classifier.model !== undefined && { model: classifier.model }),
      cases: rows[i]!,
    }),
  );
  const report = buildReport({
    dataset: {
      path: o.dataset,
      hash: dataset.hash,
      size: cases.length,
      totalSize: dataset.cases.length,
      labels: datasetLabels(dataset.cases, labelNames(variants[0]!)),
      split: o.split,
      ...(o.map && { mapping: o.map as Record<string, string> }),
    },
    variants: results,
  });
  return { report, warnings };
}

const stamp = () => new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    variants: { type: 'string', multiple: true },
    dataset: { type: 'string' },
    map: { type: 'string' },
    split: { type: 'string' },
    backend: { type: 'string' },
    model: { type: 'string' },
    'base-url': { type: 'string' },
    predictions: { type: 'string' },
    concurrency: { type: 'string', short: 'j' },
    out: { type: 'string' },
    format: { type: 'string' },
    config: { type: 'string' },
    quiet: { type: 'boolean', default: false },
    'no-cache': { type: 'boolean', default: false },
    'max-input-chars': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const config = loadProjectConfig(values.config);
  const format = oneOf(values.format, FORMATS, '--format', 'text');
  const map = parseFieldMap(values.map) ?? config.map;
  const model = values.model ?? config.model;
  const baseURL = values['base-url'] ?? config.baseURL;
  const maxInputChars = values['max-input-chars'] === undefined ? config.maxInputChars : positiveInt(values['max-input-chars'], '--max-input-chars', 0);
  const options: EvalOptions = {
    variants: values.variants ?? [config.variants ?? DEFAULT_VARIANTS].flat(),
    dataset: values.dataset ?? config.dataset ?? DEFAULT_DATASET,
    split: oneOf(values.split, SPLITS, '--split', config.split ?? 'all'),
    backend: oneOf(values.backend, BACKENDS, '--backend', config.backend ?? 'offline'),
    concurrency: positiveInt(values.concurrency, '--concurrency', config.concurrency ?? DEFAULT_CONCURRENCY),
    ...(map && { map }),
    ...(model !== undefined && { model }),
    ...(baseURL !== undefined && { baseURL }),
    ...(values.predictions !== undefined && { predictions: values.predictions }),
    ...(config.timeoutMs !== undefined && { timeoutMs: config.timeoutMs }),
    ...(config.retryBudgetMs !== undefined && { retryBudgetMs: config.retryBudgetMs }),
    ...(maxInputChars !== undefined && { maxInputChars }),
    cache: !values['no-cache'],
  };
  const out = values.out ?? path.join('reports', `eval-${stamp()}.json`);
  const interactive = process.stderr.isTTY && !values.quiet;
  const { report, warnings } = await evaluate(
    options,
    interactive ? (done, total) => process.stderr.write(`\r  ${done}/${total} cases`) : undefined,
  );
  if (interactive) process.stderr.write('\r\u001b[K');
  for (const w of warnings) console.error(`warning: ${w}`);
  writeReport(out, report);
  if (values.quiet) return 0;
  if (format === 'json') console.log(JSON.stringify(report, null, 2));
  else if (format === 'markdown') console.log(renderReportMarkdown(report));
  else console.log(`${renderReportText(report)}\nreport: ${out}`);
  return 0;
}
