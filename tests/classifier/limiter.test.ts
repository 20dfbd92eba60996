import { describe, expect, it } from 'vitest';
import { AdaptiveLimiter, DEFAULT_RATE_LIMIT_PAUSE_MS, LimiterState, type Slot } from '../../src/classifier/limiter.ts';
import { FakeClock, flush } from '../helpers/fake-clock.ts';

describe('LimiterState: the window', () => {
  it('starts at the ceiling and lets that many requests in, no more', () => {
    const s = new LimiterState(3);
    for (let i = 0; i < 3; i++) {
      expect(s.hasRoom()).toBe(true);
      s.start(0);
    }
    expect(s.hasRoom()).toBe(false);
    expect(s.window).toBe(3);
  });

  it('halves on a 429, once per congestion event: answers to requests sent before the cut do not cut again', () => {
    const s = new LimiterState(16);
    const early = Array.from({ length: 8 }, () => s.start(0));
    s.finish(early[0]!, 10, { outcome: 'rate-limited', retryAfterMs: 100 });
    expect(s.window).toBe(8);
    for (const slot of early.slice(1)) s.finish(slot, 20, { outcome: 'rate-limited', retryAfterMs: 100 });
    expect(s.window).toBe(8);
    expect(s.decreases).toBe(1);
    // A request sent after the cut that is refused again is new information: halve again.
    const late = s.start(200);
    s.finish(late, 210, { outcome: 'rate-limited', retryAfterMs: 100 });
    expect(s.window).toBe(4);
    expect(s.decreases).toBe(2);
  });

  it('never goes below one request in flight', () => {
    const s = new LimiterState(2);
    for (let t = 0; t < 10; t++) s.finish(s.start(t * 10), t * 10 + 5, { outcome: 'rate-limited', retryAfterMs: 0 });
    expect(s.window).toBe(1);
    expect(s.hasRoom()).toBe(true);
  });

  it('recovers additively: 1/window per success, about one request per window of successes, up to the ceiling', () => {
    const s = new LimiterState(8);
    s.finish(s.start(0), 1, { outcome: 'rate-limited', retryAfterMs: 0 });
    s.finish(s.start(2), 3, { outcome: 'rate-limited', retryAfterMs: 0 });
    expect(s.window).toBe(2);
    s.finish(s.start(4), 5, { outcome: 'ok' });
    expect(s.window).toBeCloseTo(2.5, 10); // 2 + 1/2
    s.finish(s.start(6), 7, { outcome: 'ok' });
    expect(s.window).toBeCloseTo(2.9, 10); // 2.5 + 1/2.5
    for (let i = 0; i < 200; i++) s.finish(s.start(10 + i), 11 + i, { outcome: 'ok' });
    expect(s.window).toBe(8);
  });

  it('treats x-ratelimit-remaining-requests 0 on a success as congestion: halve, and pause until a request is due', () => {
    const s = new LimiterState(8);
    s.finish(s.start(0), 50, { outcome: 'ok', rate: { limit: 600, remaining: 0, resetMs: 1_000 } });
    expect(s.window).toBe(4);
    expect(s.spacingMs).toBe(100);
    // One request's share of the minute (100 ms) is sooner than the reset (1 s).
    expect(s.pausedUntil).toBe(150);
  });

  it('with remaining 0 and a reset sooner than a share of the minute, waits for the reset', () => {
    const s = new LimiterState(4);
    s.finish(s.start(0), 10, { outcome: 'ok', rate: { limit: 6, remaining: 0, resetMs: 300 } });
    expect(s.pausedUntil).toBe(310);
  });

  it('a failure that is not a rate limit neither grows nor cuts the window', () => {
    const s = new LimiterState(4);
    s.finish(s.start(0), 1, { outcome: 'rate-limited', retryAfterMs: 0 });
    s.finish(s.start(2), 3, { outcome: 'failed' });
    expect(s.window).toBe(2);
  });
});

describe('LimiterState: pacing', () => {
  it('pauses every start for Retry-After; without one, for the reset or a default', () => {
    const s = new LimiterState(4);
    s.finish(s.start(0), 100, { outcome: 'rate-limited', retryAfterMs: 2_000 });
    expect(s.nextStartAt()).toBe(2_100);
    const t = new LimiterState(4);
    t.finish(t.start(0), 100, { outcome: 'rate-limited', rate: { resetMs: 700 } });
    expect(t.nextStartAt()).toBe(800);
    const u = new LimiterState(4);
    u.finish(u.start(0), 100, { outcome: 'rate-limited' });
    expect(u.nextStartAt()).toBe(100 + DEFAULT_RATE_LIMIT_PAUSE_MS);
  });

  it('a later, shorter pause does not shorten an earlier, longer one', () => {
    const s = new LimiterState(4);
    const a = s.start(0);
    const b = s.start(0);
    s.finish(a, 10, { outcome: 'rate-limited', retryAfterMs: 5_000 });
    s.finish(b, 20, { outcome: 'rate-limited', retryAfterMs: 100 });
    expect(s.pausedUntil).toBe(5_010);
  });

  it('spaces starts by one share of the stated limit per minute, letting a late start be made up once', () => {
    const s = new LimiterState(16);
    s.finish(s.start(0), 0, { outcome: 'ok', rate: { limit: 1_200 } });
    expect(s.spacingMs).toBe(50);
    // After a start at 100, the next is due at 150, but may go up to one spacing early.
    s.start(100);
    expect(s.nextStartAt()).toBe(100);
    s.start(100);
    expect(s.nextStartAt()).toBe(150);
    s.start(150);
    expect(s.nextStartAt()).toBe(200);
    // A start that comes late (at 290, due at 200) resets the schedule from now: no burst to catch up more than once.
    s.start(290);
    expect(s.nextStartAt()).toBe(290);
    s.start(290);
    expect(s.nextStartAt()).toBe(340);
  });

  it('spends the slack the server reported, less the starts since, before pacing again', () => {
    const s = new LimiterState(16);
    const a = s.start(0);
    const b = s.start(0);
    const c = s.start(0);
    // The answer to the second says 4 remain; one request was sent after it, so 3 may go at once.
    s.finish(b, 10, { outcome: 'ok', rate: { limit: 600, remaining: 4 } });
    expect(s.credit).toBe(3);
    // The answer to the first, arriving later, is older news.
    s.finish(a, 12, { outcome: 'ok', rate: { limit: 600, remaining: 9 } });
    expect(s.credit).toBe(3);
    for (let i = 0; i < 3; i++) {
      expect(s.nextStartAt()).toBe(0);
      s.start(20);
    }
    expect(s.credit).toBe(0);
    // Then one request per 100 ms again (one early start allowed, as always).
    s.start(20);
    expect(s.nextStartAt()).toBe(20);
    s.start(20);
    expect(s.nextStartAt()).toBe(120);
    s.finish(c, 30, { outcome: 'ok', rate: { limit: 600, remaining: 0 } });
    expect(s.credit).toBe(0);
  });

  it('over a long run the starts average exactly the stated rate', () => {
    const s = new LimiterState(64);
    s.finish(s.start(0), 0, { outcome: 'ok', rate: { limit: 600 } });
    let now = 0;
    const starts: number[] = [];
    for (let i = 0; i < 1_000; i++) {
      // A timer that fires 0–30 ms late, as busy event loops do.
      now = Math.max(now, s.nextStartAt()) + ((i * 7919) % 31);
      s.start(now);
      starts.push(now);
    }
    const rate = (starts.length - 1) / ((starts.at(-1)! - starts[0]!) / 60_000);
    expect(rate).toBeGreaterThan(590);
    expect(rate).toBeLessThanOrEqual(612);
  });
});

describe('AdaptiveLimiter with a fake clock', () => {
  it('hands out slots as the window allows, and the next when one is released', async () => {
    const clock = new FakeClock();
    const limiter = new AdaptiveLimiter(2, clock);
    const got: number[] = [];
    const slots: Slot[] = [];
    for (let i = 0; i < 4; i++) void limiter.acquire().then((s) => (got.push(i), slots.push(s)));
    await flush();
    expect(got).toEqual([0, 1]);
    limiter.release(slots[0]!, { outcome: 'ok' });
    await flush();
    expect(got).toEqual([0, 1, 2]);
    expect(limiter.maxInFlight).toBe(2);
  });

  it('holds every start during a Retry-After pause, then resumes, retries first', async () => {
    const clock = new FakeClock();
    const limiter = new AdaptiveLimiter(4, clock);
    const first = await limiter.acquire();
    limiter.release(first, { outcome: 'rate-limited', retryAfterMs: 1_000 });
    const order: string[] = [];
    void limiter.acquire().then(() => order.push('new'));
    void limiter.acquire({ retry: true }).then(() => order.push('retry'));
    await clock.advance(999);
    expect(order).toEqual([]);
    await clock.advance(1);
    expect(order).toEqual(['retry', 'new']);
  });

  it('paces starts by the stated limit', async () => {
    const clock = new FakeClock();
    const limiter = new AdaptiveLimiter(8, clock);
    const s = await limiter.acquire();
    limiter.release(s, { outcome: 'ok', rate: { limit: 600 } });
    const times: number[] = [];
    for (let i = 0; i < 5; i++) void limiter.acquire().then(() => times.push(clock.now()));
    await clock.advance(1_000);
    // Due at 0 and 100 (one spacing of tolerance lets the second go at 0 too), then one every 100 ms.
    expect(times).toEqual([0, 0, 100, 200, 300]);
  });

  it('an abort while queued rejects that caller and leaves the queue working', async () => {
    const clock = new FakeClock();
    const limiter = new AdaptiveLimiter(1, clock);
    const held = await limiter.acquire();
    const controller = new AbortController();
    const aborted = limiter.acquire({ signal: controller.signal });
    const next = limiter.acquire();
    controller.abort();
    await expect(aborted).rejects.toThrow();
    limiter.release(held, { outcome: 'ok' });
    await expect(next).resolves.toEqual({ startedAt: 0, seq: 1 });
    await expect(limiter.acquire({ signal: AbortSignal.abort() })).rejects.toThrow();
  });
});
