/**
 * When to try a failed request again, and after how long. Retries are bounded by time, not by a
 * small count: under a rate limit the server's `Retry-After` may legitimately ask for many short
 * waits, and a case must not be lost for asking too often.
 */
export interface RetryPolicy {
  /** Time one case may spend on attempts and waits between them (not queueing for a slot), ms. */
  budgetMs: number;
  /** An optional cap on the number of retries as well. */
  maxRetries?: number;
  /** First backoff without a `Retry-After`, doubled per retry up to `capMs`. */
  baseMs: number;
  capMs: number;
}

export const DEFAULT_RETRY_BUDGET_MS = 5 * 60_000;
export const DEFAULT_RETRY_POLICY: RetryPolicy = { budgetMs: DEFAULT_RETRY_BUDGET_MS, baseMs: 250, capMs: 20_000 };

/**
 * The wait before retry number `retry` (1-based). A server-given delay is honoured and never
 * shortened; jitter is added on top (a tenth of it, at most a second) so that the requests refused
 * together do not return together. Without one: exponential backoff with equal jitter.
 */
export function retryDelay(retry: number, retryAfterMs: number | undefined, policy: RetryPolicy, random: () => number = Math.random): number {
  if (retryAfterMs !== undefined) return retryAfterMs + random() * Math.min(1_000, retryAfterMs / 10 + 50);
  const exp = Math.min(policy.capMs, policy.baseMs * 2 ** (retry - 1));
  return exp / 2 + (random() * exp) / 2;
}

/** Whether retry number `retry` may happen, given the time spent so far and the wait it needs. */
export function mayRetry(retry: number, spentMs: number, delayMs: number, policy: RetryPolicy): boolean {
  if (policy.maxRetries !== undefined && retry > policy.maxRetries) return false;
  return spentMs + delayMs <= policy.budgetMs;
}
