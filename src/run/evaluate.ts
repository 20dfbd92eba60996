import path from 'node:path';
import { createBatchClassifier, createClassifier, type ClassifierOptions } from '../classifier/create.ts';
import { UserError } from '../core/errors.ts';
import type { ProgressSink } from '../core/progress.ts';
import { checkLabels, loadDataset, selectSplit } from '../dataset/load.ts';
import type { Case } from '../dataset/schema.ts';
import { inShard, type Shard } from '../dataset/shard.ts';
import { runPromptfoo } from '../promptfoo/run.ts';
import { caseFromVars, caseToTest } from '../promptfoo/tests.ts';
import { buildReport } from '../report/build.ts';
import type { Report } from '../report/schema.ts';
import { loadVariants } from '../variant/load.ts';
import { checkLock, describeLockProblem, readLock } from '../variant/lock.ts';
import { labelNames } from '../variant/schema.ts';
import { datasetInfo, variantResult } from './assemble.ts';
import { withProgress } from './progress.ts';
import type { RunOptions } from './options.ts';

export interface EvaluateEvents {
  /** Each variant's running counts (done, invalid, error, retries, cache), from the first case on. */
  progress?: ProgressSink;
  /** Stops the run: requests in flight are cancelled, promptfoo's evaluation is aborted, and no report is built. */
  signal?: AbortSignal;
  /** Lines worth telling the user while nothing is counted yet (a batch being created and polled). */
  notice?: (line: string) => void;
}

export interface Evaluation {
  report: Report;
  /** Things the user should know that did not stop the run (an unlocked variant version). */
  warnings: string[];
  /** The cases evaluated (after the split and the shard), in the order of every variant's rows. */
  cases: Case[];
}

/**
 * The eval loop, for every command that evaluates variants (`eval`, `pr`, the promptfoo plugin and
 * those to come): load and validate the variants against their lock and the dataset, run every
 * variant on every case through promptfoo, and build the report. Bad input is a `UserError` before
 * any case runs; a case that fails is a row, never an exception.
 */
export async function evaluate(o: RunOptions, events: EvaluateEvents = {}): Promise<Evaluation> {
  const variants = loadVariants(o.variants);
  const warnings: string[] = [];
  for (const p of checkLock(variants, readLock(o.lockFile))) {
    if (p.kind === 'changed') throw new UserError(describeLockProblem(p, o.lockFile), p.variant.path);
    warnings.push(`${p.variant.path}: ${describeLockProblem(p, o.lockFile)}`);
  }
  const dataset = loadDataset(o.dataset, o.map);
  for (const v of variants) checkLabels(dataset, labelNames(v), v.path);
  const inSplit = selectSplit(dataset, o.split);
  if (inSplit.length === 0) throw new UserError(`the ${o.split} split holds no cases`, o.dataset);
  const shard = o.shard && shardSection(inSplit, o.shard, o.split, o.dataset);
  const cases = shard ? shard.positions.map((p) => inSplit[p]!) : inSplit;
  const classifierOptions: ClassifierOptions = {
    backend: o.backend,
    ...(o.model !== undefined && { model: o.model }),
    ...(o.baseURL !== undefined && { baseURL: o.baseURL }),
    ...(o.predictions !== undefined && { predictions: o.predictions }),
    ...(o.classifier !== undefined && { classifier: o.classifier }),
    ...(o.provider !== undefined && { provider: o.provider }),
    ...(o.timeoutMs !== undefined && { timeoutMs: o.timeoutMs }),
    cacheDir: o.cache ? o.cacheDir : false,
    concurrency: o.concurrency,
    ...(o.retryBudgetMs !== undefined && { retryBudgetMs: o.retryBudgetMs }),
    ...(o.maxInputChars !== undefined && { maxInputChars: o.maxInputChars }),
  };
  const repeat = o.repeat ?? 1;
  const backend = o.batch
    ? await createBatchClassifier(
        classifierOptions,
        // The cases as the provider hands them to the classifier, so the batch asks what the eval looks up.
        { variants, cases: cases.map((c) => caseFromVars(caseToTest(c).vars ?? {})), repeat },
        { recordDir: path.join(o.cacheDir, 'batches'), ...o.batch, ...(events.notice && { log: events.notice }), ...(events.signal && { signal: events.signal }) },
      )
    : await createClassifier(classifierOptions);
  const classifier = events.progress ? withProgress(backend, variants, cases.length * repeat, events.progress) : backend;
  const rows = await runPromptfoo({
    variants,
    cases,
    classifier,
    concurrency: o.concurrency,
    ...(repeat > 1 && { repeat }),
    ...(events.signal && { signal: events.signal }),
  });
  // The rows of an aborted run are incomplete: no report may be built from them.
  events.signal?.throwIfAborted();
  const report = buildReport({
    dataset: { ...datasetInfo(dataset, cases, o.split, labelNames(variants[0]!)), ...(shard && { shard }) },
    variants: variants.map((v, i) => variantResult(v, classifier, rows[i]!, o.prices)),
  });
  return { report, warnings, cases };
}

/** The report's shard section: which of the split's cases this shard holds; an empty shard is refused. */
function shardSection(cases: readonly Case[], shard: Shard, split: string, file: string) {
  const positions = cases.flatMap((c, p) => (inShard(c.id, shard) ? [p] : []));
  if (positions.length === 0) {
    throw new UserError(`shard ${shard.index}/${shard.count} of the ${split} split holds no cases (${cases.length} cases in ${shard.count} shards); use fewer shards`, file);
  }
  return { ...shard, positions };
}
