/**
 * Adaptive concurrency for a rate-limited model API. The user's `-j` is a ceiling, not a pool size:
 * the window of requests in flight halves when the server says it is over its limit (a 429, or
 * `x-ratelimit-remaining-requests: 0`) and grows back by about one request per window of successes
 * (AIMD, as TCP does). Request starts are also paced: no faster than `x-ratelimit-limit-requests`
 * allows per minute, and not at all while the server asked to wait (`Retry-After`) or while its
 * bucket is empty (until `x-ratelimit-reset-requests`, or one request's share of the minute if sooner).
 *
 * `LimiterState` is the pure decision logic (times passed in); `AdaptiveLimiter` queues callers on top
 * of it with a clock, so both are testable without waiting.
 */

/** What one response said about the server's limit. */
export interface RateInfo {
  /** `x-ratelimit-limit-requests`: requests per minute. */
  limit?: number;
  /** `x-ratelimit-remaining-requests`. */
  remaining?: number;
  /** `x-ratelimit-reset-requests`, in ms. */
  resetMs?: number;
}

export type Outcome = 'ok' | 'rate-limited' | 'failed';

export interface Feedback {
  outcome: Outcome;
  rate?: RateInfo;
  /** From `Retry-After` / `retry-after-ms`, for a 429. */
  retryAfterMs?: number;
}

export interface Slot {
  startedAt: number;
  /** Position among all starts. */
  seq: number;
}

/** How long every start waits after a 429 that named no delay. */
export const DEFAULT_RATE_LIMIT_PAUSE_MS = 1_000;

export class LimiterState {
  /** Requests allowed in flight; fractional so that growth can be gradual. */
  window: number;
  inFlight = 0;
  /** No request starts before this time. */
  pausedUntil = 0;
  /** One request's share of a minute under the server's stated limit (0 while unknown). */
  spacingMs = 0;
  /**
   * When the next start would be due if starts were spaced exactly (the generic cell rate
   * algorithm). Starts may run up to one spacing early, so that a timer firing late is made up
   * for by the next start instead of lowering the rate for good.
   */
  private dueAt = Number.NEGATIVE_INFINITY;
  /**
   * Requests the server would still take at once, as its last `x-ratelimit-remaining-requests` said,
   * less the starts since the request it answered: they may go without waiting for their spacing,
   * so a run that fell behind (a busy event loop, a slow answer) catches up on the server's slack.
   */
  credit = 0;
  private starts = 0;
  private reportSeq = -1;
  private lastDecreaseAt = Number.NEGATIVE_INFINITY;
  /** How many times the window was cut. */
  decreases = 0;

  constructor(readonly ceiling: number) {
    if (!Number.isInteger(ceiling) || ceiling < 1) throw new Error(`the concurrency ceiling must be a positive whole number (got ${ceiling})`);
    this.window = ceiling;
  }

  /** Whether the window has room for one more request now. */
  hasRoom(): boolean {
    return this.inFlight < Math.max(1, Math.floor(this.window));
  }

  /** The earliest time a request may start, ignoring the window. */
  nextStartAt(): number {
    if (this.credit >= 1) return this.pausedUntil;
    return Math.max(this.pausedUntil, this.dueAt - this.spacingMs);
  }

  start(now: number): Slot {
    this.inFlight += 1;
    if (this.credit >= 1) this.credit -= 1;
    else this.dueAt = Math.max(this.dueAt, now) + this.spacingMs;
    return { startedAt: now, seq: this.starts++ };
  }

  finish(slot: Slot, now: number, feedback: Feedback): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    const { rate } = feedback;
    if (rate?.limit !== undefined && rate.limit > 0) this.spacingMs = 60_000 / rate.limit;
    // Answers arrive out of order: only one about a later request than the last is news.
    if (rate?.remaining !== undefined && slot.seq > this.reportSeq) {
      this.reportSeq = slot.seq;
      this.credit = Math.max(0, rate.remaining - (this.starts - slot.seq - 1));
    }
    let congested = false;
    if (feedback.outcome === 'rate-limited') {
      congested = true;
      this.pauseUntil(now + (feedback.retryAfterMs ?? rate?.resetMs ?? DEFAULT_RATE_LIMIT_PAUSE_MS));
    }
    if (rate?.remaining !== undefined && rate.remaining <= 0) {
      congested = true;
      // Refilled one request at a time: the next is due after one share of the minute, or at the reset if sooner.
      const candidates = [rate.resetMs, this.spacingMs > 0 ? this.spacingMs : undefined].filter((x): x is number => x !== undefined);
      if (candidates.length > 0) this.pauseUntil(now + Math.min(...candidates));
    }
    if (congested) this.decrease(slot, now);
    else if (feedback.outcome === 'ok') this.window = Math.min(this.ceiling, this.window + 1 / this.window);
  }

  private pauseUntil(t: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, t);
  }

  /** Halves the window once per congestion event: answers to requests sent before the last cut say nothing new. */
  private decrease(slot: Slot, now: number): void {
    if (slot.startedAt < this.lastDecreaseAt) return;
    this.window = Math.max(1, this.window / 2);
    this.lastDecreaseAt = now;
    this.decreases += 1;
  }
}

export interface Clock {
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(abortReason(signal));
      const timer = setTimeout(done, Math.max(0, ms));
      signal?.addEventListener('abort', onAbort, { once: true });
      function done() {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }
      function onAbort() {
        clearTimeout(timer);
        reject(abortReason(signal!));
      }
    }),
};

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('aborted');
}

interface Waiter {
  resolve(slot: Slot): void;
  reject(e: Error): void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

/**
 * Hands out slots to callers in order (retries first: they are the oldest cases), as the window and
 * the pacing allow. Every `acquire` must be matched by one `release` with what the server said.
 */
export class AdaptiveLimiter {
  readonly state: LimiterState;
  private readonly retries: Waiter[] = [];
  private readonly fresh: Waiter[] = [];
  private timer: Promise<void> | undefined;
  /** Most requests in flight at once, for reports and tests. */
  maxInFlight = 0;

  constructor(
    ceiling: number,
    private readonly clock: Clock = systemClock,
  ) {
    this.state = new LimiterState(ceiling);
  }

  acquire(options: { retry?: boolean; signal?: AbortSignal } = {}): Promise<Slot> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise<Slot>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, ...(signal && { signal }) };
      const queue = options.retry ? this.retries : this.fresh;
      if (signal) {
        waiter.onAbort = () => {
          const i = queue.indexOf(waiter);
          if (i >= 0) queue.splice(i, 1);
          reject(abortReason(signal));
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      queue.push(waiter);
      this.pump();
    });
  }

  release(slot: Slot, feedback: Feedback): void {
    this.state.finish(slot, this.clock.now(), feedback);
    this.pump();
  }

  /** Starts as many waiters as allowed now, and sets one timer for the next that must wait. */
  private pump(): void {
    for (;;) {
      const waiter = this.retries[0] ?? this.fresh[0];
      if (!waiter || !this.state.hasRoom()) return;
      const now = this.clock.now();
      const at = this.state.nextStartAt();
      if (at > now) {
        this.wakeAt(at - now);
        return;
      }
      (this.retries[0] === waiter ? this.retries : this.fresh).shift();
      if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
      const slot = this.state.start(now);
      this.maxInFlight = Math.max(this.maxInFlight, this.state.inFlight);
      waiter.resolve(slot);
    }
  }

  private wakeAt(ms: number): void {
    if (this.timer) return;
    this.timer = this.clock.sleep(ms).then(() => {
      this.timer = undefined;
      this.pump();
    });
  }
}
