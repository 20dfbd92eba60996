import { cleanup, render } from 'ink-testing-library';
import stringWidth from 'string-width';
import stripAnsi from 'strip-ansi';
import { afterEach, describe, expect, it } from 'vitest';
import { ReviewApp } from '../../src/tui/review/components/ReviewApp.tsx';
import { ReviewFrame } from '../../src/tui/review/components/ReviewFrame.tsx';
import { reviewContext } from '../../src/tui/review/screen.ts';
import { initialReviewState, reduce, type Action, type Effect, type ReviewState } from '../../src/tui/review/state.ts';
import { activeTerminal } from '../helpers/terminal-checks.ts';
import { REVIEW_LABELS, reviewCases } from './review-fixture.ts';

afterEach(() => cleanup());

const cases = reviewCases();
const ctx = reviewContext(cases, REVIEW_LABELS);
const T0 = Date.parse('2026-11-26T10:00:00.000Z');
const start = (size: { columns: number; rows: number }, order: 'input' | 'disagree-first' = 'disagree-first') =>
  initialReviewState({ cases, order, decided: [], skippedBefore: new Set(), size, now: T0 });

function frame(state: ReviewState, color = false): { raw: string; lines: string[] } {
  const { lastFrame } = render(<ReviewFrame state={state} data={ctx} files="weak.jsonl → gold.jsonl" now={state.lastAt} color={color} />);
  const raw = lastFrame() ?? '';
  return { raw, lines: stripAnsi(raw).split('\n') };
}
const after = (state: ReviewState, actions: Action[]) => actions.reduce((s, a) => reduce(s, a, ctx), state);
const fitsIn = (lines: string[], size: { columns: number; rows: number }) => {
  expect(Math.max(...lines.map((l) => stringWidth(l)))).toBeLessThanOrEqual(size.columns);
  expect(lines.length).toBeLessThanOrEqual(size.rows);
};

describe('review frames', () => {
  it('80×24: the query, the proposal and by what, the other opinions, the document, counts and keys on one screen', () => {
    const size = { columns: 80, rows: 24 };
    const { lines } = frame(start(size));
    fitsIn(lines, size);
    expect(lines[0]).toBe('labelgate review · 0 of 7 decided · c2 · variants disagree · weak.jsonl → gold.…');
    expect(lines[1]).toBe('query: question c2');
    expect(lines[2]).toMatch(/^proposed: integrations {2}by v3@3\.0\.0 · offline/);
    expect(lines[3]).toMatch(/^others: ≠ v1@1\.0\.0 other/);
    expect(lines[4]).toMatch(/^labels: 1 artifact {2}2 integrations {2}3 visualisation {2}4 other/);
    expect(lines[5]).toMatch(/^─ document/);
    expect(lines[6]).toBe(' document of c2');
    expect(lines.at(-3)).toMatch(/^recent: none yet/);
    expect(lines.at(-2)).toMatch(/^accepted 0 · corrected 0 · flagged 0 · skipped 0 · —\/min · κ — \(n=0\)/);
    expect(lines.at(-1)).toMatch(/^a accept {2}x reject {2}space skip {2}⌫ undo {2}f flag {2}j k scroll {2}\? help {2}q quit/);
  });

  it('shows the labels to pick from after x, and the decisions just taken, newest first', () => {
    const size = { columns: 80, rows: 24 };
    const s = after(start(size), [
      { type: 'accept', at: T0 + 10_000 },
      { type: 'reject', at: T0 + 20_000 },
      { type: 'pickDigit', digit: '1', at: T0 + 30_000 },
      { type: 'skip', at: T0 + 40_000 },
      { type: 'reject', at: T0 + 50_000 },
    ]);
    const { lines } = frame(s);
    fitsIn(lines, size);
    expect(lines[0]).toContain('2 of 7 decided · c1 · variants agree');
    expect(lines.find((l) => l.startsWith('pick the right label'))).toMatch(/1 artifact {2}2 integrations {2}3 visualisation {2}4 other/);
    expect(lines.at(-3)).toMatch(/^recent: ↷ c5 skipped · ✎ c4 artifact \(was other\) · ✓ c2 integrations/);
    // Two decisions in 50 s (the last key's time): 2.4 a minute. Kappa by hand over (integrations,
    // integrations) and (artifact, other): p_o = 1/2, p_e = (1·1)/4 = 1/4, κ = (1/2 − 1/4)/(3/4) = 1/3.
    expect(lines.at(-2)).toMatch(/^accepted 1 · corrected 1 · flagged 0 · skipped 1 · 2\.4\/min · κ 0\.33 \(n=2\)/);
    expect(lines.at(-1)).toMatch(/^1–4 label {2}⌫ back {2}esc cancel {2}\? help {2}q quit/);
  });

  it('160×48: the proposal, the opinions, the labels and the recent decisions beside the document', () => {
    const size = { columns: 160, rows: 48 };
    const { lines } = frame(after(start(size), [{ type: 'accept', at: T0 + 1000 }]));
    fitsIn(lines, size);
    expect(lines[1]).toMatch(/^query: question c4\s+proposed$/);
    expect(lines[2]).toMatch(/^─ document.*─ {2}other$/);
    expect(lines.find((l) => l.includes('≠ v1@1.0.0 artifact'))).toMatch(/^\s{60,}/);
    expect(lines.find((l) => l.includes('✓ c2 integrations'))).toBeDefined();
    expect(lines.at(-2)).toContain('κ — over 1 case(s) with a proposal, 100% kept');
  });

  it('says when every case is decided', () => {
    const size = { columns: 80, rows: 24 };
    const s = after(start(size), Array.from({ length: 7 }, (): Action => ({ type: 'flag', at: T0 + 1000 })));
    const { lines } = frame(s);
    expect(lines[0]).toContain('7 of 7 decided');
    expect(lines[1]).toBe('All 7 case(s) are decided: 0 accepted, 0 corrected, 7 flagged.');
  });

  it('neutralises hostile text (escape sequences, bidi controls) wherever it is shown, in colour and without', () => {
    const size = { columns: 80, rows: 24 };
    const s = after(start(size, 'input'), Array.from({ length: 6 }, (): Action => ({ type: 'flag', at: T0 + 1000 })));
    for (const color of [false, true]) {
      const { raw, lines } = frame(s, color);
      const text = lines.join('\n');
      expect(activeTerminal(text)).toEqual([]);
      // Colour adds only SGR styles: no title, hyperlink, clear-screen or cursor sequence from the data.
      expect(raw.replace(/\u001b\[[0-9;]*m/g, '')).not.toMatch(/\u001b/);
      expect(raw).not.toContain('pwned');
      expect(lines[0]).toContain('6 of 7 decided · h-1 · variants agree');
      expect(text).toContain('query: evil  query <U+202E>esrever<U+202C> end');
      expect(text).toContain(' first link para');
      expect(text).toContain(' second <U+2066>para<U+2069> blink');
      expect(text).toContain('others: v1@1.0.0 other');
    }
  });
});

const tick = () => new Promise((r) => setTimeout(r, 30));

describe('the review app', () => {
  it('turns keys into decisions and hands each file change over before the next key', async () => {
    const effects: Effect[] = [];
    let now = T0;
    const clock = () => (now += 1000);
    const { stdin, lastFrame, frames } = render(
      <ReviewApp cases={cases} labels={REVIEW_LABELS} initial={start({ columns: 80, rows: 24 })} files="w → g" color={false} onEffect={(e) => effects.push(e)} clock={clock} />,
    );
    await tick();
    stdin.write('a');
    await tick();
    stdin.write('x');
    await tick();
    expect(stripAnsi(lastFrame()!)).toContain('pick the right label');
    stdin.write('1');
    await tick();
    stdin.write(' ');
    await tick();
    stdin.write('\u007f');
    await tick();
    // Typed faster than read: three keys in one chunk are three key presses.
    stdin.write('f?q');
    await tick();
    expect(effects).toEqual([
      { type: 'append', index: 1, decision: { id: 'c2', decision: 'accepted', label: 'integrations', at: '2026-11-26T10:00:01.000Z' } },
      { type: 'append', index: 3, decision: { id: 'c4', decision: 'corrected', label: 'artifact', at: '2026-11-26T10:00:03.000Z' } },
      { type: 'skip', id: 'c5' },
      { type: 'append', index: 4, decision: { id: 'c5', decision: 'flagged', at: '2026-11-26T10:00:06.000Z' } },
    ]);
    // `?` drew the help before `q` ended the app (what the last frame shows after quitting is Ink's affair).
    expect(frames.map((f) => stripAnsi(f)).some((f) => f.includes('keys (esc or ? closes)'))).toBe(true);
  });

  it('ends the session when a file change fails, without taking the key', async () => {
    const { stdin, lastFrame, frames, unmount } = render(
      <ReviewApp
        cases={cases}
        labels={REVIEW_LABELS}
        initial={start({ columns: 80, rows: 24 })}
        files="w → g"
        color={false}
        onEffect={() => {
          throw new Error('disk full');
        }}
      />,
    );
    await tick();
    expect(lastFrame()).toContain('0 of 7 decided · c2');
    stdin.write('a');
    await tick();
    // The failed decision never shows as taken: no frame moves on to the next case.
    expect(frames.length).toBeGreaterThan(0);
    expect(frames.filter((f) => f.includes('1 of 7 decided'))).toEqual([]);
    unmount();
  });
});
