import { describe, expect, it } from 'vitest';
import { mdCode, mdData, mdDollars, mdText } from '../../src/render/escape.ts';
import { jsonText, termMessage } from '../../src/core/text.ts';
import { excerpt, termText } from '../../src/core/text.ts';

describe('escaping dataset text', () => {
  it('markdown: no table break, no HTML, no mention, no issue link, and entities stay intact', () => {
    const md = mdText('a | b </details><script>x</script> @someone #123 `tick` https://x.io\nnext');
    expect(md).not.toMatch(/(^|[^\\])\|/);
    expect(md).not.toMatch(/<\/?(details|script)/);
    expect(md).not.toMatch(/@someone/);
    expect(md).not.toMatch(/#123/);
    expect(md).not.toContain('\n');
    expect(md).not.toContain('https://');
    // The colon's entity is whole (an earlier version put a zero-width space inside "&#58;").
    expect(md).toContain('https&#58;//x.io');
    expect(md).toBe('a \\| b &lt;/details&gt;&lt;script&gt;x&lt;/script&gt; @\u200bsomeone #\u200b123 \\`tick\\` https&#58;//x.io next');
    expect(mdCode('a|b')).toBe('<code>a\\|b</code>');
  });

  it('markdown: GitHub references and autolinks are broken by a zero-width space, in place', () => {
    const md = mdText('GH-789 gh-12 owner/repo#45 www.example.com a5c3785ed8d6a35868bc169f07e40e889087fd2e x@example.org');
    expect(md).toBe(
      'GH-\u200b789 gh-\u200b12 owner/repo#\u200b45 www\u200b.example.com a5c378\u200b5ed8d6\u200ba35868\u200bbc169f\u200b07e40e\u200b889087\u200bfd2e x@\u200bexample.org',
    );
    // Without the zero-width spaces the reader sees exactly the input.
    expect(md.replaceAll('\u200b', '')).toBe('GH-789 gh-12 owner/repo#45 www.example.com a5c3785ed8d6a35868bc169f07e40e889087fd2e x@example.org');
    // No run of 7 hex digits is left whole, so no commit can be linked.
    expect(md).not.toMatch(/[0-9a-f]{7}/i);
    // Inside a code span GitHub links no commit: the renderer's own short SHAs stay whole.
    expect(mdCode('fedcba9')).toBe('<code>fedcba9</code>');
  });

  it('markdown: bidirectional controls are shown, not obeyed or deleted', () => {
    const bidi = '\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c';
    const md = mdData(`a${bidi}b`, 200);
    expect(md).not.toMatch(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
    expect(md).toBe(`a${['202A', '202B', '202C', '202D', '202E', '2066', '2067', '2068', '2069', '200E', '200F', '061C'].map((c) => `&lt;U+${c}&gt;`).join('')}b`);
    expect(termText('x\u202ey')).toBe('x<U+202E>y');
  });

  it('markdown: dollar signs are escaped once, so no math is rendered', () => {
    expect(mdText('$\\phantom{x}$ costs $$5')).toBe('\\$\\\\phantom{x}\\$ costs \\$\\$5');
    // labelgate's own "$0.41" is escaped; a dollar mdText escaped is not escaped again (that would show a backslash and leave the dollar active).
    expect(mdDollars(`${mdText('a $b')} costs $0.41`)).toBe('a \\$b costs \\$0.41');
    expect(mdDollars('\\\\$')).toBe('\\\\\\$');
  });

  it('markdown: text at the start of a line cannot become a heading, list or rule', () => {
    expect(mdText('# title')).toBe('\\# title');
    expect(mdText('- item')).toBe('\\- item');
    expect(mdText('---')).toBe('\\---');
    expect(mdText('1. first')).toBe('1\\. first');
    expect(mdText('a - b # c')).toBe('a - b # c');
  });

  it('terminal messages: control characters are shown as code points, line breaks kept', () => {
    expect(termMessage('id \u001b]0;pwned\u0007 \u001b[2J\u009b31m\r\nnext\u202e')).toBe('id <U+001B>]0;pwned<U+0007> <U+001B>[2J<U+009B>31m<U+000D>\nnext<U+202E>');
  });

  it('JSON text: C1 and bidirectional controls escaped, the value unchanged', () => {
    const value = { q: 'a\u009b2J\u202eb\u2028c\u001b' };
    const text = jsonText(value);
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e\u2028]/);
    expect(text).toContain('\\u009b2J\\u202eb\\u2028c\\u001b');
    expect(JSON.parse(text)).toEqual(value);
  });

  it('terminal: control sequences and line breaks are removed', () => {
    expect(termText('\u001b[31mred\u001b[0m\u0007 \u001b]0;title\u0007ok\r\nnext\tcol')).toBe('red ok next col');
  });

  it('excerpt: one line, cut with an ellipsis', () => {
    expect(excerpt('  a\n b  ', 10)).toBe('a b');
    expect(excerpt('abcdefghijkl', 5)).toBe('abcd…');
  });
});
