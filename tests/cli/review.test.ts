import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { labelSet } from '../../src/cli/commands/review.ts';
import { main } from '../../src/cli/main.ts';
import { labelgate, ROOT } from '../helpers/cli.ts';
import { tmpDir } from '../helpers/tmp.ts';
import { REVIEW_LABELS, reviewCases, weak, writeWeak } from '../tui/review-fixture.ts';

/** The command in this process (its stdin and stdout are not a terminal here): exit code and what it printed on stderr. */
async function review(...args: string[]): Promise<{ code: number; err: string }> {
  const lines: string[] = [];
  const original = console.error;
  console.error = (...a: unknown[]) => lines.push(a.map(String).join(' '));
  try {
    return { code: await main(['review', ...args]), err: lines.join('\n') };
  } finally {
    console.error = original;
  }
}

const LABELS = REVIEW_LABELS.join(',');

describe('labelgate review: bad input', () => {
  it('names the file and line of a mistake in the weak labels or the gold file, and the flags it needs', async () => {
    const dir = tmpDir({ 'broken.jsonl': `${JSON.stringify({ id: 'a', query: 'q', proposal: null, opinions: [{ variant: 'v1@1.0.0', label: 'error', reason: 'timeout' }], agreed: false })}\n{"id": "b"}\n` });
    const weakFile = writeWeak(dir);
    const gold = path.join(dir, 'gold.jsonl');
    expect(await review('--out', gold)).toEqual({ code: 2, err: 'labelgate review: --input is required' });
    expect(await review('--input', `${dir}/broken.jsonl`, '--out', gold, '--labels', LABELS)).toEqual({ code: 2, err: `labelgate review: ${dir}/broken.jsonl:2: missing field "query"` });
    expect(await review('--input', weakFile, '--out', weakFile)).toMatchObject({ code: 2, err: expect.stringMatching(/--out must be another file than --input/) });
    expect(await review('--input', weakFile, '--out', gold, '--labels', 'artifact,other')).toEqual({
      code: 2,
      err: `labelgate review: ${weakFile}:2: proposal: label "integrations" is not in the label set (artifact, other)`,
    });
    expect(await review('--input', weakFile, '--out', gold, '--labels', LABELS, '--variant', 'prompts/docs-router/v1.yaml')).toMatchObject({ code: 2, err: expect.stringMatching(/--labels or --variant, not both/) });
    expect(await review('--input', weakFile, '--out', gold, '--order', 'random')).toMatchObject({ code: 2, err: expect.stringMatching(/--order must be one of disagree-first, input/) });
    writeFileSync(gold, `${JSON.stringify({ id: 'c1', query: 'q', label: 'other' })}\n`);
    expect(await review('--input', weakFile, '--out', gold, '--labels', LABELS)).toEqual({
      code: 2,
      err: `labelgate review: ${gold}:1: metadata.review: is required (give --out a file that review writes)`,
    });
  });

  it('takes the label set from --labels, a variant, or the labels the variants gave, and says when that is not enough', async () => {
    const dir = tmpDir();
    const gold = path.join(dir, 'gold.jsonl');
    const billing = writeWeak(dir, [weak('b1', 'billing', [['v3@3.0.0', 'billing']])], 'billing.jsonl');
    expect(await review('--input', billing, '--out', gold, '--variant', path.join(ROOT, 'prompts/docs-router/v1.yaml'))).toEqual({
      code: 2,
      err: `labelgate review: ${billing}:1: proposal: label "billing" is not in the label set (artifact, integrations, visualisation, other)`,
    });
    expect(await review('--input', billing, '--out', gold)).toEqual({
      code: 2,
      err: `labelgate review: ${billing}: the variants gave only one label (billing), too few to review against: give the label set with --labels a,b,c or --variant FILE`,
    });
    const outcome = writeWeak(dir, [weak('o1', 'invalid', [['v3@3.0.0', 'invalid']])], 'outcome.jsonl');
    expect((await review('--input', outcome, '--out', gold, '--labels', LABELS)).err).toMatch(/outcome\.jsonl:1: field "agreed": is true, but the opinions do not all agree on a valid label/);
    // Without either: every label a variant gave (outcomes are not labels), sorted, and the screen says so.
    expect(labelSet(undefined, undefined, reviewCases(), 'w.jsonl')).toEqual({
      labels: ['artifact', 'integrations', 'other', 'visualisation'],
      notice: 'labels are the ones the variants gave (artifact, integrations, other, visualisation); --labels or --variant sets them',
    });
    expect(labelSet(undefined, path.join(ROOT, 'prompts/docs-router/v3.yaml'), [], 'w.jsonl').labels).toEqual(REVIEW_LABELS);
    // Every input good: what stops it here is only that this is no terminal.
    const weakFile = writeWeak(dir, reviewCases());
    for (const labels of [['--labels', LABELS], ['--variant', path.join(ROOT, 'prompts/docs-router')], []]) {
      expect(await review('--input', weakFile, '--out', gold.replace('gold', 'fresh'), '--reviewer', 'Ada', ...labels)).toMatchObject({ code: 2, err: expect.stringMatching(/review is interactive/) });
    }
  });

  it('exits 2 with a clear message when not in a terminal, writing nothing; without a reviewer name it asks for one', async () => {
    const dir = tmpDir();
    const weakFile = writeWeak(dir);
    const gold = path.join(dir, 'gold.jsonl');
    const piped = await labelgate(['review', '--input', weakFile, '--out', gold, '--labels', LABELS, '--reviewer', 'Ada']);
    expect(piped.code).toBe(2);
    expect(piped.stderr.trim()).toBe('labelgate review: review is interactive: run it in a terminal (its input and output must not be redirected)');
    expect(existsSync(gold)).toBe(false);
    // Outside any repository and with no git configuration: nobody to name as the reviewer.
    const anonymous = await labelgate(['review', '--input', weakFile, '--out', gold, '--labels', LABELS], {
      cwd: dir,
      env: { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', HOME: dir, XDG_CONFIG_HOME: dir },
    });
    expect(anonymous.code).toBe(2);
    expect(anonymous.stderr.trim()).toBe('labelgate review: who is reviewing? give --reviewer NAME (git config user.name is not set)');
  });
});
