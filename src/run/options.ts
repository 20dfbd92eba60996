import type { ClassifierOptions } from '../classifier/create.ts';
import type { BackendName } from '../classifier/types.ts';
import type { FieldMap } from '../dataset/schema.ts';
import type { Shard } from '../dataset/shard.ts';
import type { Split } from '../dataset/split.ts';
import type { PriceTable } from '../metrics/cost.ts';
import { DEFAULT_CACHE_DIR, DEFAULT_CONCURRENCY, DEFAULT_DATASET, DEFAULT_LOCK_FILE, DEFAULT_VARIANTS, REPORTS_DIR, type ProjectConfig } from './config.ts';

/** Everything one evaluation needs, fully resolved: what every command that runs variants passes to `evaluate`. */
export interface RunOptions {
  /** Variant files or folders. */
  variants: string[];
  dataset: string;
  map?: FieldMap;
  split: Split;
  backend: BackendName;
  model?: string;
  baseURL?: string;
  /** Recorded predictions, for the replay backend. */
  predictions?: string;
  /** The team's classifier, for the module backend: `path/to/file.ts#export`. */
  classifier?: string;
  /** A promptfoo provider id (or `{id, config}`), for the promptfoo backend. */
  provider?: ClassifierOptions['provider'];
  concurrency: number;
  timeoutMs?: number;
  /** Time one case may spend retrying a model request, ms. */
  retryBudgetMs?: number;
  /** Cases with more characters of query and document are `invalid` without a request. */
  maxInputChars?: number;
  /** Reuse cached model answers (default true). */
  cache: boolean;
  /** The variants lock checked before anything runs. */
  lockFile: string;
  /** Where reports go unless a command is given a path. */
  reportsDir: string;
  /** The response cache folder. */
  cacheDir: string;
  /** Evaluate only this part of the split's cases (`--shard i/n`), for `merge` to join. */
  shard?: Shard;
  /** Runs per case (`--repeat k`, k ≥ 2), each its own call, to measure nondeterminism. */
  repeat?: number;
  /** Prices by model (USD per 1M tokens), to cost the tokens the backend reports. */
  prices?: PriceTable;
  /** Ask through the OpenAI Batch API (`eval --batch`): how long to wait for it, and how often to look. */
  batch?: { waitMs?: number; pollMs?: number; maxPollMs?: number };
}

/** What a command's flags said, already validated; `undefined` means "not given". */
export interface RunFlags {
  variants?: string[];
  dataset?: string;
  map?: FieldMap;
  split?: Split;
  backend?: BackendName;
  model?: string;
  baseURL?: string;
  predictions?: string;
  classifier?: string;
  provider?: string;
  concurrency?: number;
  maxInputChars?: number;
  cache?: boolean;
  shard?: Shard;
  repeat?: number;
}

type BackendChoice = { backend?: BackendName; classifier?: unknown; provider?: unknown };

/**
 * The backend when `--backend` is not given: naming a classifier or a provider chooses its backend
 * (`module`, `promptfoo`), flags before the project config, and a config's explicit `backend` before
 * what its `classifier`/`provider` keys imply. Pure.
 */
export function defaultEvalBackend(flags: Omit<BackendChoice, 'backend'>, config: BackendChoice): BackendName {
  return impliedBackend(flags) ?? config.backend ?? impliedBackend(config) ?? 'offline';
}

/** The backend a named classifier or provider implies, if any. */
export const impliedBackend = (c: Omit<BackendChoice, 'backend'>): BackendName | undefined =>
  c.classifier !== undefined ? 'module' : c.provider !== undefined ? 'promptfoo' : undefined;

/** Variant specs as given (`a,b` or several flags) into one list. */
export const variantSpecs = (specs: readonly string[]): string[] => specs.flatMap((s) => s.split(',')).filter(Boolean);

/**
 * The one precedence rule for every command: a flag, else `labelgate.config.yaml`, else the default.
 * Pure: the project config is passed in.
 */
export function resolveRunOptions(flags: RunFlags, project: ProjectConfig): RunOptions {
  const map = flags.map ?? project.map;
  const model = flags.model ?? project.model;
  const baseURL = flags.baseURL ?? project.baseURL;
  const classifier = flags.classifier ?? project.classifier;
  const provider = flags.provider ?? project.provider;
  return {
    variants: variantSpecs(flags.variants ?? [project.variants ?? DEFAULT_VARIANTS].flat()),
    dataset: flags.dataset ?? project.dataset ?? DEFAULT_DATASET,
    split: flags.split ?? project.split ?? 'all',
    backend: flags.backend ?? defaultEvalBackend(flags, project),
    concurrency: flags.concurrency ?? project.concurrency ?? DEFAULT_CONCURRENCY,
    cache: flags.cache ?? true,
    lockFile: project.lock ?? DEFAULT_LOCK_FILE,
    reportsDir: project.reports ?? REPORTS_DIR,
    cacheDir: project.cache ?? DEFAULT_CACHE_DIR,
    ...(map && { map }),
    ...(model !== undefined && { model }),
    ...(baseURL !== undefined && { baseURL }),
    ...(flags.predictions !== undefined && { predictions: flags.predictions }),
    ...(classifier !== undefined && { classifier }),
    ...(provider !== undefined && { provider }),
    ...(project.timeoutMs !== undefined && { timeoutMs: project.timeoutMs }),
    ...(project.retryBudgetMs !== undefined && { retryBudgetMs: project.retryBudgetMs }),
    ...(flags.shard && { shard: flags.shard }),
    ...(flags.repeat !== undefined && flags.repeat > 1 && { repeat: flags.repeat }),
    ...(project.prices && { prices: project.prices }),
    ...((flags.maxInputChars ?? project.maxInputChars) !== undefined && { maxInputChars: flags.maxInputChars ?? project.maxInputChars }),
  };
}
