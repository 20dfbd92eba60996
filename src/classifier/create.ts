import { UserError } from '../core/errors.ts';
import { DEFAULT_MAX_INPUT_CHARS, withInputGuard } from './input-guard.ts';
import type { BatchPlan, OpenAIBatchOptions } from './openai-batch.ts';
import type { PromptfooProviderSpec } from './promptfoo.ts';
import { BACKENDS, type BackendName, type Classifier } from './types.ts';

async function cached(classifier: Classifier, options: ClassifierOptions, settings: Record<string, unknown>, cacheOptions = {}): Promise<Classifier> {
  if (options.cacheDir === false) return classifier;
  return (await import('./cache.ts')).withResponseCache(classifier, options.cacheDir, settings, cacheOptions);
}

export interface ClassifierOptions {
  backend: BackendName;
  model?: string;
  /** Predictions file, for `replay`. */
  predictions?: string;
  baseURL?: string;
  apiKey?: string;
  timeoutMs?: number;
  temperature?: number;
  /** Requests in flight at most (`-j`). */
  concurrency?: number;
  /** Time one case may spend retrying, ms. */
  retryBudgetMs?: number;
  maxRetries?: number;
  /** Cases whose text is longer are `invalid` without asking the model; `false` turns the guard off. */
  maxInputChars?: number | false;
  /** Response cache folder for model backends; `false` turns it off. */
  cacheDir?: string | false;
  /** The team's classifier, for `module`: `path/to/file.ts#exportName` (export defaults to `classify`). */
  classifier?: string;
  /** The promptfoo provider, for `promptfoo`: an id, or an id with that provider's config. */
  provider?: string | PromptfooProviderSpec;
}

export const DEFAULT_OPENAI_MODEL = 'gpt-4.1-mini';

/** What besides the model and messages decides an openai answer, for its cache key (chat and batch alike). */
export const openAICacheSettings = (options: Pick<ClassifierOptions, 'baseURL' | 'temperature'>): Record<string, unknown> => ({
  baseURL: options.baseURL ?? process.env.OPENAI_BASE_URL,
  temperature: options.temperature ?? 0,
});

/** One place that turns options into a backend; each backend loads only when chosen. */
export async function createClassifier(options: ClassifierOptions): Promise<Classifier> {
  const classifier = await createBackend(options);
  // Recorded predictions cost nothing and were made elsewhere: there is nothing to guard.
  if (options.backend === 'replay' || options.maxInputChars === false) return classifier;
  return withInputGuard(classifier, options.maxInputChars ?? DEFAULT_MAX_INPUT_CHARS);
}

async function createBackend(options: ClassifierOptions): Promise<Classifier> {
  switch (options.backend) {
    case 'offline':
      return (await import('./offline.ts')).createOfflineClassifier();
    case 'replay': {
      if (!options.predictions) throw new UserError('the replay backend needs --predictions FILE');
      return (await import('./replay.ts')).createReplayClassifier(options.predictions);
    }
    case 'openai': {
      const classifier = (await import('./openai.ts')).createOpenAIClassifier({
        model: options.model ?? DEFAULT_OPENAI_MODEL,
        ...(options.apiKey !== undefined && { apiKey: options.apiKey }),
        ...(options.baseURL !== undefined && { baseURL: options.baseURL }),
        ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
        ...(options.temperature !== undefined && { temperature: options.temperature }),
        ...(options.maxRetries !== undefined && { maxRetries: options.maxRetries }),
        ...(options.concurrency !== undefined && { concurrency: options.concurrency }),
        ...(options.retryBudgetMs !== undefined && { retryBudgetMs: options.retryBudgetMs }),
      });
      return cached(classifier, options, openAICacheSettings(options));
    }
    case 'module': {
      if (!options.classifier) throw new UserError('the module backend needs --classifier FILE#EXPORT (or `classifier:` in labelgate.config.yaml)');
      const classifier = await (await import('./module.ts')).createModuleClassifier({
        spec: options.classifier,
        ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
      });
      return cached(classifier, options, {}, { perCase: true });
    }
    case 'promptfoo': {
      const spec = typeof options.provider === 'string' ? { id: options.provider } : options.provider;
      if (!spec) throw new UserError('the promptfoo backend needs --provider ID (or `provider:` in labelgate.config.yaml)');
      return cached(await (await import('./promptfoo.ts')).createPromptfooClassifier(spec), options, {});
    }
    default:
      throw new UserError(`unknown backend "${String((options as { backend: unknown }).backend)}" (${BACKENDS.join(', ')})`);
  }
}

/** How a batch run waits and reports, besides the classifier options. */
export type BatchSettings = Pick<OpenAIBatchOptions, 'recordDir' | 'waitMs' | 'pollMs' | 'maxPollMs' | 'log' | 'signal'>;

/**
 * `eval --batch`: the openai backend's answers asked in one OpenAI batch before the eval runs
 * (openai-batch.ts), then served from it, behind the same response cache and input guard as the
 * chat path.
 */
export async function createBatchClassifier(options: ClassifierOptions, plan: BatchPlan, settings: BatchSettings): Promise<Classifier> {
  if (options.backend !== 'openai') throw new UserError(`--batch runs the OpenAI Batch API: it needs --backend openai (not ${options.backend})`);
  const maxInputChars = options.maxInputChars ?? DEFAULT_MAX_INPUT_CHARS;
  const answers = await (await import('./openai-batch.ts')).runOpenAIBatch(
    {
      model: options.model ?? DEFAULT_OPENAI_MODEL,
      ...(options.apiKey !== undefined && { apiKey: options.apiKey }),
      ...(options.baseURL !== undefined && { baseURL: options.baseURL }),
      ...(options.temperature !== undefined && { temperature: options.temperature }),
      ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
      cacheSettings: openAICacheSettings(options),
      cacheDir: options.cacheDir === false ? false : (options.cacheDir ?? (await import('./cache.ts')).DEFAULT_CACHE_DIR),
      maxInputChars,
      ...settings,
    },
    plan,
  );
  const classifier = await cached(answers, options, openAICacheSettings(options));
  return maxInputChars === false ? classifier : withInputGuard(classifier, maxInputChars);
}
