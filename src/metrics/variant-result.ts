import type { CaseRow, ClassifierInfo, Usage, VariantResult } from '../report/schema.ts';
import { computeMetrics, type MetricsOptions } from './index.ts';
import { quantile } from './intervals.ts';
import { summarizeRepeats } from './repeats.ts';

export interface VariantInput extends MetricsOptions {
  name: string;
  version: string;
  hash: string;
  /** The variant's labels in declared order: the order of every table and matrix. */
  labels: string[];
  backend: string;
  model?: string;
  classifier?: ClassifierInfo;
  task?: string;
  path?: string;
  changelog?: string;
  /** Priced by the caller (labelgate does not know every provider's prices); else the sum of the cases' own costs, when any has one. */
  costUsd?: number;
  cases: CaseRow[];
}

/** One variant's section of a report: identity, metrics, usage and the rows they came from. */
export function buildVariantResult(input: VariantInput): VariantResult {
  const { name, version, hash, task, path, changelog, labels, backend, model, classifier, cases } = input;
  const options: MetricsOptions = {};
  if (input.seed !== undefined) options.seed = input.seed;
  if (input.resamples !== undefined) options.resamples = input.resamples;
  const repeats = summarizeRepeats(cases, labels, options);
  return {
    name,
    version,
    hash,
    ...(task !== undefined ? { task } : {}),
    ...(path !== undefined ? { path } : {}),
    ...(changelog !== undefined ? { changelog } : {}),
    labels: [...labels],
    backend,
    ...(model !== undefined ? { model } : {}),
    ...(classifier !== undefined ? { classifier } : {}),
    metrics: computeMetrics(cases, labels, options),
    usage: computeUsage(cases, input.costUsd),
    ...(repeats && { repeats }),
    cases,
  };
}

/** Token sums over every case (labeled or not) and latency over the cases that recorded one. */
export function computeUsage(cases: readonly CaseRow[], costUsd?: number): Usage {
  const tokens: Usage['tokens'] = { prompt: 0, completion: 0, total: 0 };
  let cached: number | undefined;
  let caseCost: number | undefined;
  const latencies = new Float64Array(cases.length);
  let timed = 0;
  let latencySum = 0;
  for (const c of cases) {
    if (c.tokens) {
      tokens.prompt += c.tokens.prompt;
      tokens.completion += c.tokens.completion;
      tokens.total += c.tokens.total;
      if (c.tokens.cached !== undefined) cached = (cached ?? 0) + c.tokens.cached;
    }
    if (c.costUsd !== undefined) caseCost = (caseCost ?? 0) + c.costUsd;
    if (c.latencyMs !== undefined) {
      latencies[timed++] = c.latencyMs;
      latencySum += c.latencyMs;
    }
  }
  if (cached !== undefined) tokens.cached = cached;
  const usage: Usage = { tokens };
  const cost = costUsd ?? caseCost;
  if (cost !== undefined) usage.costUsd = cost;
  if (timed > 0) {
    const sorted = latencies.subarray(0, timed).sort();
    usage.latencyMs = { mean: latencySum / timed, p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), max: sorted[timed - 1]! };
  }
  return usage;
}
