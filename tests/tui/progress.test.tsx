import { render } from 'ink-testing-library';
import stripAnsi from 'strip-ansi';
import { describe, expect, it } from 'vitest';
import { createProgressPrinter } from '../../src/tui/progress/progress-lines.ts';
import { EMPTY_PROGRESS, eta, formatDuration, progressReduce, rate } from '../../src/tui/progress/progress-state.ts';
import { ProgressView } from '../../src/tui/progress/ProgressView.tsx';

const ev = (variant: string, done: number, extra: Partial<{ invalid: number; error: number; retries: number; cacheHits: number; total: number }> = {}) => ({
  variant,
  done,
  total: extra.total ?? 100,
  invalid: extra.invalid ?? 0,
  error: extra.error ?? 0,
  retries: extra.retries ?? 0,
  cacheHits: extra.cacheHits ?? 0,
});

describe('progress state', () => {
  it('keeps variants in first-seen order, never moves a count back, and tells rate and ETA', () => {
    let s = progressReduce(EMPTY_PROGRESS, ev('v1', 0), 0);
    s = progressReduce(s, ev('v2', 0), 0);
    s = progressReduce(s, ev('v1', 40, { invalid: 2 }), 10_000);
    s = progressReduce(s, ev('v1', 30, { invalid: 1 }), 11_000); // late event
    const v1 = s.variants[0]!;
    expect(s.variants.map((v) => v.variant)).toEqual(['v1', 'v2']);
    expect([v1.done, v1.invalid]).toEqual([40, 2]);
    // 40 cases in 11 s; 60 left at that rate: 16.5 s.
    expect(rate(v1, 11_000)).toBeCloseTo(40 / 11, 12);
    expect(eta(v1, 11_000)).toBeCloseTo(16.5, 12);
    expect(rate(s.variants[1]!, 11_000)).toBeNull();
    expect(formatDuration(3725)).toBe('1h02m');
    expect(formatDuration(75)).toBe('1m15s');
  });
});

describe('plain progress lines', () => {
  it('print at most one line per interval per variant, one when done, and no escape codes', () => {
    let t = 0;
    const out: string[] = [];
    const p = createProgressPrinter({ write: (l) => out.push(l), now: () => t, intervalMs: 1000 });
    p.update(ev('v1', 0));
    t = 500;
    p.update(ev('v1', 10));
    t = 1200;
    p.update(ev('v1', 50, { error: 1, retries: 3, cacheHits: 7 }));
    t = 1300;
    p.update(ev('v1', 100, { error: 1, retries: 3, cacheHits: 7 }));
    p.update(ev('v1', 100, { error: 1, retries: 3, cacheHits: 7 }));
    expect(out).toHaveLength(3);
    expect(out[1]).toBe('v1: 50/100 · 41.7/s · eta 1s · invalid 0 · error 1 · retries 3 · cache 7\n');
    expect(out[2]).toMatch(/^v1: 100\/100 .* · done\n$/);
    expect(out.join('')).not.toMatch(/\u001b/);
  });
});

describe('progress view', () => {
  it('draws a bar per variant with its counts', () => {
    let s = progressReduce(EMPTY_PROGRESS, ev('v1', 0), 0);
    s = progressReduce(s, ev('v1', 50, { invalid: 1 }), 5000);
    s = progressReduce(s, ev('v2\u001b[2J', 100), 5000);
    const { lastFrame } = render(<ProgressView state={s} now={5000} width={80} color={false} />);
    const lines = stripAnsi(lastFrame()!).split('\n');
    expect(lines[0]).toMatch(/^v1\s+█+░+\s+50%$/);
    expect((lines[0]!.match(/█/g) ?? []).length).toBe((lines[0]!.match(/░/g) ?? []).length);
    expect(lines[1]).toContain('50/100 · 10.0/s · eta 5s · invalid 1');
    expect(lines[2]).toMatch(/^v2\s+█+\s+100%$/);
    expect(lastFrame()).not.toContain('\u001b[2J');
  });
});
