import { describe, expect, it } from 'vitest';
import { parseDuration, readRateInfo, readRetryAfter } from '../../src/classifier/rate-headers.ts';
import { DEFAULT_RETRY_POLICY, mayRetry, retryDelay } from '../../src/classifier/retry.ts';

const headers = (h: Record<string, string>) => new Headers(h);

describe('parseDuration: OpenAI reset durations', () => {
  it.each([
    ['1s', 1_000],
    ['120ms', 120],
    ['6m0s', 360_000],
    ['1h2m3.5s', 3_723_500],
    ['59.95s', 59_950],
    ['2', 2_000],
    ['0ms', 0],
  ])('%s → %i ms', (text, ms) => {
    expect(parseDuration(text)).toBeCloseTo(ms, 6);
  });

  it.each(['', 'soon', '1x', '5s later', '-1s'])('"%s" is unreadable → undefined', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('readRateInfo / readRetryAfter', () => {
  it('reads the three x-ratelimit-*-requests headers', () => {
    expect(readRateInfo(headers({ 'x-ratelimit-limit-requests': '600', 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '6m0s' }))).toEqual({
      limit: 600,
      remaining: 0,
      resetMs: 360_000,
    });
  });

  it('leaves out what the server did not send or sent unreadably, and is undefined without any', () => {
    expect(readRateInfo(headers({ 'x-ratelimit-remaining-requests': '7', 'x-ratelimit-limit-requests': 'many' }))).toEqual({ remaining: 7 });
    expect(readRateInfo(headers({ 'content-type': 'application/json' }))).toBeUndefined();
    expect(readRateInfo(undefined)).toBeUndefined();
  });

  it('prefers retry-after-ms, then Retry-After in seconds, then as an HTTP date', () => {
    expect(readRetryAfter(headers({ 'retry-after-ms': '250', 'retry-after': '3' }))).toBe(250);
    expect(readRetryAfter(headers({ 'retry-after': '3' }))).toBe(3_000);
    const now = Date.parse('2026-11-25T12:00:00Z');
    expect(readRetryAfter(headers({ 'retry-after': 'Wed, 25 Nov 2026 12:00:07 GMT' }), now)).toBe(7_000);
    expect(readRetryAfter(headers({ 'retry-after': 'Wed, 25 Nov 2026 11:00:00 GMT' }), now)).toBe(0);
    expect(readRetryAfter(headers({ 'retry-after': 'later' }))).toBeUndefined();
    expect(readRetryAfter(headers({}))).toBeUndefined();
  });
});

describe('retryDelay / mayRetry', () => {
  it('honours a server-given delay, never shorter, with jitter of a tenth (+50 ms) capped at a second on top', () => {
    expect(retryDelay(1, 2_000, DEFAULT_RETRY_POLICY, () => 0)).toBe(2_000);
    expect(retryDelay(1, 2_000, DEFAULT_RETRY_POLICY, () => 0.5)).toBe(2_125); // 2000 + 0.5 × (200 + 50)
    expect(retryDelay(1, 60_000, DEFAULT_RETRY_POLICY, () => 1)).toBe(61_000);
  });

  it('without one: exponential backoff from 250 ms, between half and all of it, capped at 20 s', () => {
    const policy = DEFAULT_RETRY_POLICY;
    expect([1, 2, 3].map((n) => retryDelay(n, undefined, policy, () => 0))).toEqual([125, 250, 500]);
    expect([1, 2, 3].map((n) => retryDelay(n, undefined, policy, () => 1))).toEqual([250, 500, 1_000]);
    expect(retryDelay(30, undefined, policy, () => 1)).toBe(20_000);
  });

  it('retries while the time spent plus the wait fits the budget, and within maxRetries when set', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, budgetMs: 10_000 };
    expect(mayRetry(50, 9_000, 1_000, policy)).toBe(true);
    expect(mayRetry(1, 9_000, 1_001, policy)).toBe(false);
    expect(mayRetry(3, 0, 0, { ...policy, maxRetries: 2 })).toBe(false);
    expect(mayRetry(2, 0, 0, { ...policy, maxRetries: 2 })).toBe(true);
  });
});
