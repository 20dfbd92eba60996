import { describe, expect, it } from 'vitest';
import { formatDuration, TokenBucket } from './openai-rate-limit.ts';
import { parseDuration } from '../../src/classifier/rate-headers.ts';

describe('the fake server\'s token bucket', () => {
  it('lets a burst of rpm/60 through, then refuses with OpenAI\'s headers and the exact wait', () => {
    let now = 0;
    const bucket = new TokenBucket({ rpm: 600 }, () => now);
    expect(bucket.capacity).toBe(10);
    const first = bucket.take();
    expect(first.ok).toBe(true);
    expect(first.headers).toEqual({ 'x-ratelimit-limit-requests': '600', 'x-ratelimit-remaining-requests': '9', 'x-ratelimit-reset-requests': '100ms' });
    for (let i = 0; i < 9; i++) expect(bucket.take().ok).toBe(true);
    const refused = bucket.take();
    expect(refused.ok).toBe(false);
    expect(refused.headers).toMatchObject({ 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '1s', 'retry-after': '1', 'retry-after-ms': '100' });
    now = 40;
    expect(bucket.take().headers['retry-after-ms']).toBe('60');
    now = 100;
    expect(bucket.take().ok).toBe(true);
  });

  it('over a minute of constant demand lets through the limit plus the burst, no more', () => {
    let now = 0;
    const bucket = new TokenBucket({ rpm: 120, burst: 5 }, () => now);
    let ok = 0;
    // Requests every 7 ms up to 60,004 ms (7 × 8,572), the first step past a minute.
    for (now = 0; now <= 60_004; now += 7) if (bucket.take().ok) ok += 1;
    // 5 at once, then one per 500 ms: 120.008 tokens accrue by 60,004 ms, of which 120 whole.
    expect(ok).toBe(5 + 120);
  });

  it('writes durations the way OpenAI does, readable by the client\'s parser', () => {
    expect([0, 17.2, 999, 1_000, 59_950, 360_000].map(formatDuration)).toEqual(['0ms', '18ms', '999ms', '1s', '59.95s', '6m0s']);
    for (const ms of [18, 1_000, 59_950, 360_000, 61_500]) expect(parseDuration(formatDuration(ms))).toBe(ms);
  });
});
