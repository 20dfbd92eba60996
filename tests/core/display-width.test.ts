import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/core/text.ts';

describe('displayWidth', () => {
  it('agrees with string-width on every character of the Basic Multilingual Plane', () => {
    const differ: string[] = [];
    for (let cp = 0; cp <= 0xffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const ch = String.fromCharCode(cp);
      if (displayWidth(ch) !== stringWidth(ch)) differ.push(cp.toString(16));
    }
    expect(differ).toEqual([]);
  });

  it('agrees on mixed text: wide, combining, emoji and escape sequences next to narrow characters', () => {
    const samples = ['accuracy Δ ≥ 0.80 ─── ok', 'Größe café', '中文 mixed', 'e\u0301 combining', '👍🏽 ok', 'ЖЗИ Ѐ', 'x\u200by', '\u001b[31mred\u001b[0m', ''];
    for (const s of samples) expect([s, displayWidth(s)]).toEqual([s, stringWidth(s)]);
  });

  it('gives each emoji two columns, whatever its code points (modifiers, joiners, variation selectors)', () => {
    // Widths as a terminal draws them, written down by hand rather than taken from string-width.
    const twoColumns = ['🚀', '✅', '❌', '⚠️', '👍🏽', '👨‍👩‍👧'];
    for (const e of twoColumns) expect([e, displayWidth(e)]).toEqual([e, 2]);
    expect(displayWidth('✅ pass')).toBe(7);
    expect(displayWidth('👨‍👩‍👧 ⚠️')).toBe(5);
  });
});
