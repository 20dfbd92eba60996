import type { ClassifierInfo, TokenUsage } from '../report/schema.ts';
import type { Variant } from '../variant/schema.ts';
import type { CaseInput } from '../variant/messages.ts';

/** Requests in flight at most when the user does not say (`-j`). */
export const DEFAULT_CONCURRENCY = 4;

export const BACKENDS = ['offline', 'openai', 'replay', 'module', 'promptfoo'] as const;
export type BackendName = (typeof BACKENDS)[number];

export interface ClassifierCase extends CaseInput {
  id: string;
  /**
   * Which of the case's repeated runs asks (`eval --repeat k`: 0 to k − 1; unset is 0). Part of the
   * response cache key from 1 on, so every run is its own call and run 0 answers from today's entries.
   */
  repeat?: number;
}

/** What a backend returns for one case. `prediction` is a label of the variant, `invalid` or `error`. */
export interface Prediction {
  prediction: string;
  /** The model's answer as it came back (for `invalid`, the thing that was not a label). */
  raw?: string;
  /** Why the prediction is `invalid` or `error`. */
  reason?: string;
  latencyMs?: number;
  tokens?: TokenUsage;
  /** What this answer cost, when the backend knows (a promptfoo provider's price, a module's own figure). */
  costUsd?: number;
  /** Requests sent again for this case after retryable failures (for progress; not recorded). */
  retries?: number;
  /** Whether the response cache answered (`hit`) or kept this answer (`stored`), for progress; not recorded. */
  cache?: 'hit' | 'stored';
}

/** One interface for every backend: a variant and a case in, a prediction out. Never throws for a case. */
export interface Classifier {
  backend: BackendName;
  model?: string;
  /** The code or provider behind a `module` or `promptfoo` backend, recorded in the report so a change shows in a diff. */
  classifier?: ClassifierInfo;
  /**
   * How many calls may usefully wait on this classifier at once, for callers that run cases in
   * parallel: its own limiter decides how many reach the model. Unset: the caller's concurrency.
   */
  maxPending?: number;
  classify(variant: Variant, c: ClassifierCase, signal?: AbortSignal): Promise<Prediction>;
}

/** Everything of a classifier but `classify`: what a wrapper (cache, input guard) passes on unchanged. */
export function identityOf(inner: Classifier): Omit<Classifier, 'classify'> {
  return {
    backend: inner.backend,
    ...(inner.model !== undefined && { model: inner.model }),
    ...(inner.maxPending !== undefined && { maxPending: inner.maxPending }),
    ...(inner.classifier !== undefined && { classifier: inner.classifier }),
  };
}
