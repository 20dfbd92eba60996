import type { BackendName } from '../classifier/types.ts';
import type { FieldMap } from '../dataset/schema.ts';
import type { Split } from '../dataset/split.ts';
import { DEFAULT_CONCURRENCY, DEFAULT_DATASET, DEFAULT_LOCK_FILE, DEFAULT_VARIANTS, type ProjectConfig } from './config.ts';

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
  concurrency: number;
  timeoutMs?: number;
  /** Reuse cached model answers (default true). */
  cache: boolean;
  /** The variants lock checked before anything runs. */
  lockFile: string;
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
  concurrency?: number;
  cache?: boolean;
}

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
  return {
    variants: variantSpecs(flags.variants ?? [project.variants ?? DEFAULT_VARIANTS].flat()),
    dataset: flags.dataset ?? project.dataset ?? DEFAULT_DATASET,
    split: flags.split ?? project.split ?? 'all',
    backend: flags.backend ?? project.backend ?? 'offline',
    concurrency: flags.concurrency ?? project.concurrency ?? DEFAULT_CONCURRENCY,
    cache: flags.cache ?? true,
    lockFile: project.lock ?? DEFAULT_LOCK_FILE,
    ...(map && { map }),
    ...(model !== undefined && { model }),
    ...(baseURL !== undefined && { baseURL }),
    ...(flags.predictions !== undefined && { predictions: flags.predictions }),
    ...(project.timeoutMs !== undefined && { timeoutMs: project.timeoutMs }),
  };
}
