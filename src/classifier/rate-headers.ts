import type { RateInfo } from './limiter.ts';

/** The header lookup both fetch's `Headers` and plain records offer. */
export type HeaderSource = { get(name: string): string | null } | undefined;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** OpenAI's durations (`1s`, `6m0s`, `120ms`, `1h2m3.5s`); a bare number is seconds. Undefined when unreadable. */
export function parseDuration(text: string | null | undefined): number | undefined {
  const t = text?.trim();
  if (!t) return undefined;
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t) * 1000;
  const parts = [...t.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== t) return undefined;
  return parts.reduce((sum, [, n, unit]) => sum + Number(n) * UNIT_MS[unit!]!, 0);
}

const count = (text: string | null): number | undefined => {
  if (text === null || text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
};

/** What `x-ratelimit-*-requests` say; fields the server did not send stay undefined. */
export function readRateInfo(headers: HeaderSource): RateInfo | undefined {
  if (!headers) return undefined;
  const limit = count(headers.get('x-ratelimit-limit-requests'));
  const remaining = count(headers.get('x-ratelimit-remaining-requests'));
  const resetMs = parseDuration(headers.get('x-ratelimit-reset-requests'));
  if (limit === undefined && remaining === undefined && resetMs === undefined) return undefined;
  return { ...(limit !== undefined && { limit }), ...(remaining !== undefined && { remaining }), ...(resetMs !== undefined && { resetMs }) };
}

/** How long the server asked to wait: `retry-after-ms`, else `Retry-After` in seconds or as an HTTP date. */
export function readRetryAfter(headers: HeaderSource, now: number = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = count(headers.get('retry-after-ms'));
  if (ms !== undefined) return ms;
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  const seconds = count(value);
  if (seconds !== undefined) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
