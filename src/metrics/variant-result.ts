import type { CaseRow, ClassifierInfo, Price, Usage, VariantResult } from '../report/schema.ts';
import { UNBILLED_BACKENDS, variantCost } from './cost.ts';
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
  /** Priced by the caller; else the cases' own costs and `price` (`variantCost`). */
  costUsd?: number;
  /** The price of the variant's model (USD per 1M tokens), for cases whose backend reported tokens but no cost. */
  price?: Price;
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
    usage: usageOf(input),
    ...(repeats && { repeats }),
    cases,
  };
}

/**
 * Tokens, latency and cost: the caller's figure, else for a billed backend a cost that is known or
 * says why not (`variantCost`); an unbilled one (offline, replay) has none.
 */
function usageOf(input: VariantInput): Usage {
  const { costUsd: _summed, ...usage } = computeUsage(input.cases);
  if (input.costUsd !== undefined) return { ...usage, costUsd: input.costUsd };
  if (UNBILLED_BACKENDS.includes(input.backend)) return usage;
  return { ...usage, ...variantCost(input.cases, input.model, input.price) };
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
