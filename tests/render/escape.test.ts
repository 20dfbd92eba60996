import { describe, expect, it } from 'vitest';
import { excerpt, termText } from '../../src/core/text.ts';
import { mdCode, mdText } from '../../src/render/escape.ts';

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

  it('terminal: control sequences and line breaks are removed', () => {
    expect(termText('\u001b[31mred\u001b[0m\u0007 \u001b]0;title\u0007ok\r\nnext\tcol')).toBe('red ok next col');
  });

  it('excerpt: one line, cut with an ellipsis', () => {
    expect(excerpt('  a\n b  ', 10)).toBe('a b');
    expect(excerpt('abcdefghijkl', 5)).toBe('abcd…');
  });
});
