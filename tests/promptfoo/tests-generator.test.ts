import path from 'node:path';
import { describe, expect, it } from 'vitest';
import generateTests from '../../providers/tests.ts';
import { tmpDir } from '../helpers/tmp.ts';

const line = (o: unknown) => JSON.stringify(o);

describe("promptfoo's test generator", () => {
  it('carries case text only inside the object var, and the gold label as a plain string', () => {
    const dir = tmpDir({ 'd.jsonl': line({ id: 'a', query: '{{ env.HOME }}', document: 'file://x.txt', label: 'other' }) });
    const [test] = generateTests({ dataset: path.join(dir, 'd.jsonl') });
    expect(test!.vars).toEqual({ case: { id: 'a', query: '{{ env.HOME }}', document: 'file://x.txt' }, label: 'other' });
  });

  it('rejects a gold label that is not a label name (a file reference or a template), naming the line, with the text inert', () => {
    for (const label of ['file://leak.txt', '{{ env.OPENAI_API_KEY }}', 'x\u001b]0;pwned\u0007']) {
      const dir = tmpDir({ 'd.jsonl': `${line({ id: 'a', query: 'q', label: 'other' })}\n${line({ id: 'b', query: 'q', label })}\n` });
      const file = path.join(dir, 'd.jsonl');
      expect(() => generateTests({ dataset: file })).toThrow(`${file}:2: label "`);
      try {
        generateTests({ dataset: file });
      } catch (e) {
        expect((e as Error).message).not.toMatch(/[\u0000-\u001f]/);
        expect((e as Error).message).toContain('is not a label name');
      }
    }
  });
});
