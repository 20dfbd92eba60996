import { existsSync } from 'node:fs';
import * as z from 'zod';
import { DEFAULT_CACHE_DIR } from '../classifier/cache.ts';
import { BACKENDS, DEFAULT_CONCURRENCY } from '../classifier/types.ts';

export { DEFAULT_CONCURRENCY };
import { loadYamlFile } from '../core/yaml.ts';
import { PriceSchema } from '../report/schema.ts';
import { SPLITS } from '../dataset/split.ts';
import { LOCK_FILE } from '../variant/lock.ts';

/** Project defaults for labelgate's commands; flags override them. */
export const CONFIG_FILE = 'labelgate.config.yaml';

/** What every command uses when neither a flag nor the project config says otherwise. */
export const DEFAULT_VARIANTS = 'prompts';
export const DEFAULT_DATASET = 'datasets/docs-assistant.jsonl';
export const DEFAULT_LOCK_FILE = LOCK_FILE;
export const REPORTS_DIR = 'reports';
export { DEFAULT_CACHE_DIR };

export const ProjectConfigSchema = z.strictObject({
  variants: z.union([z.string(), z.array(z.string())]).optional(),
  dataset: z.string().optional(),
  /** Field mapping, as for `--map`: `{id: query_id, document: matching_document}`. */
  map: z.partialRecord(z.enum(['id', 'query', 'document', 'label', 'metadata']), z.string()).optional(),
  split: z.enum(SPLITS).optional(),
  backend: z.enum(BACKENDS).optional(),
  model: z.string().optional(),
  baseURL: z.string().url().optional(),
  concurrency: z.number().int().positive().optional(),
  timeoutMs: z.number().int().positive().optional(),
  /** The team's classifier for the `module` backend: `src/router.ts#classify`. */
  classifier: z.string().min(1).optional(),
  /** The promptfoo provider for the `promptfoo` backend: an id, or `{id, config}` as in promptfoo's own config. */
  provider: z.union([z.string().min(1), z.strictObject({ id: z.string().min(1), config: z.record(z.string(), z.unknown()).optional() })]).optional(),
  /** The variants lock (default prompts/variants.lock.json). */
  lock: z.string().min(1).optional(),
  /** How long one case may keep retrying a model request (rate limits, server errors), ms. */
  retryBudgetMs: z.number().int().positive().optional(),
  /** Cases with more characters of query + document are `invalid` without a request (about 4 characters a token). */
  maxInputChars: z.number().int().positive().optional(),
  /** Where reports are written (default reports). */
  reports: z.string().min(1).optional(),
  /** The response cache folder (default .labelgate/cache). */
  cache: z.string().min(1).optional(),
  /** More files or folders (`src/classify/`) whose change makes a pull request re-run the eval. */
  relevant: z.array(z.string().min(1)).optional(),
  /**
   * Prices by model name, USD per 1M tokens: `{gpt-4o-mini: {input: 0.15, output: 0.6, cachedInput: 0.075}}`.
   * Turns the token counts a backend reports into cost; a cost the backend reports itself wins.
   */
  prices: z.record(z.string().min(1), PriceSchema).optional(),
});
export type ProjectConfig = z.infer<typeof ProjectConfigSchema>;

export function loadProjectConfig(file?: string): ProjectConfig {
  const path = file ?? CONFIG_FILE;
  if (file === undefined && !existsSync(path)) return {};
  return loadYamlFile(path, ProjectConfigSchema).value;
}
