import { describe, expect, it } from 'vitest';
import { colorAllowed } from '../../src/tui/run.tsx';

const stream = (colors: boolean) => ({ hasColors: () => colors }) as unknown as NodeJS.WriteStream;

describe('colour', () => {
  it('is off under NO_COLOR, TERM=dumb and a terminal without colours', () => {
    expect(colorAllowed({ TERM: 'xterm-256color' }, stream(true))).toBe(true);
    expect(colorAllowed({ TERM: 'xterm-256color', NO_COLOR: '1' }, stream(true))).toBe(false);
    expect(colorAllowed({ TERM: 'dumb' }, stream(true))).toBe(false);
    expect(colorAllowed({ TERM: 'xterm' }, stream(false))).toBe(false);
    // An empty NO_COLOR does not count (no-color.org).
    expect(colorAllowed({ TERM: 'xterm', NO_COLOR: '' }, stream(true))).toBe(true);
  });
});
