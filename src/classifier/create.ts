import { UserError } from '../errors.ts';
import { DEFAULT_MAX_INPUT_CHARS, withInputGuard } from './input-guard.ts';
import type { BackendName, Classifier } from './types.ts';

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
}

export const DEFAULT_OPENAI_MODEL = 'gpt-4.1-mini';

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
      if (options.cacheDir === false) return classifier;
      const settings = { baseURL: options.baseURL ?? process.env.OPENAI_BASE_URL, temperature: options.temperature ?? 0 };
      return (await import('./cache.ts')).withResponseCache(classifier, options.cacheDir, settings);
    }
    default:
      throw new UserError(`unknown backend "${String((options as { backend: unknown }).backend)}" (offline, openai or replay)`);
  }
}
