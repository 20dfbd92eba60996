import type { TokenUsage } from '../report/schema.ts';
import type { Variant } from '../variant/schema.ts';
import type { CaseInput } from '../variant/messages.ts';

export const BACKENDS = ['offline', 'openai', 'replay'] as const;
export type BackendName = (typeof BACKENDS)[number];

export interface ClassifierCase extends CaseInput {
  id: string;
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
}

/** One interface for every backend: a variant and a case in, a prediction out. Never throws for a case. */
export interface Classifier {
  backend: BackendName;
  model?: string;
  /**
   * How many calls may usefully wait on this classifier at once, for callers that run cases in
   * parallel: its own limiter decides how many reach the model. Unset: the caller's concurrency.
   */
  maxPending?: number;
  classify(variant: Variant, c: ClassifierCase, signal?: AbortSignal): Promise<Prediction>;
}
