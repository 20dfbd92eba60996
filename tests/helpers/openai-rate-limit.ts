/**
 * The request limit of the fake OpenAI server: a token bucket refilled at `rpm / 60` requests per
 * second, holding at most `burst` (by default one second's worth, the way providers quantise a
 * per-minute limit). Answers carry OpenAI's headers; a refused request gets a 429 with `Retry-After`
 * (whole seconds, rounded up) and `retry-after-ms` (exact).
 */
export interface RateLimit {
  /** Requests per minute. */
  rpm: number;
  /** Bucket size: how many requests may arrive at once after a quiet spell (default `max(1, rpm / 60)`). */
  burst?: number;
}

export interface BucketDecision {
  ok: boolean;
  headers: Record<string, string>;
}

/** OpenAI writes durations as `1s`, `6m0s`, `120ms`. */
export function formatDuration(ms: number): string {
  const whole = Math.max(0, Math.ceil(ms));
  if (whole < 1000) return `${whole}ms`;
  const s = whole / 1000;
  if (s < 60) return `${Number(s.toFixed(3))}s`;
  return `${Math.floor(s / 60)}m${Number((s % 60).toFixed(3))}s`;
}

export class TokenBucket {
  readonly capacity: number;
  private readonly perMs: number;
  private tokens: number;
  private at: number;

  constructor(
    readonly limit: RateLimit,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(limit.rpm > 0)) throw new Error('rpm must be positive');
    this.capacity = limit.burst ?? Math.max(1, limit.rpm / 60);
    this.perMs = limit.rpm / 60_000;
    this.tokens = this.capacity;
    this.at = now();
  }

  /** Takes one request's token if there is one; either way says so in OpenAI's headers. */
  take(): BucketDecision {
    const now = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + (now - this.at) * this.perMs);
    this.at = now;
    const ok = this.tokens >= 1;
    if (ok) this.tokens -= 1;
    const headers: Record<string, string> = {
      'x-ratelimit-limit-requests': String(this.limit.rpm),
      'x-ratelimit-remaining-requests': String(Math.floor(this.tokens)),
      // As OpenAI defines it: the time until the bucket is full again.
      'x-ratelimit-reset-requests': formatDuration((this.capacity - this.tokens) / this.perMs),
    };
    if (!ok) {
      const waitMs = Math.ceil((1 - this.tokens) / this.perMs);
      headers['retry-after'] = String(Math.ceil(waitMs / 1000));
      headers['retry-after-ms'] = String(waitMs);
    }
    return { ok, headers };
  }
}
