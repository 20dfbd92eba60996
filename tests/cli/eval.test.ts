import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readReport } from '../../src/report/io.ts';
import { labelgate, ROOT } from '../helpers/cli.ts';
import { tmpDir } from '../helpers/tmp.ts';

const SMALL = path.join(ROOT, 'tests/fixtures/datasets/small.jsonl');
const V3 = path.join(ROOT, 'prompts/docs-router/v3.yaml');

/** A user mistake: exit 2, one `file:line: message` line, no stack trace, no report written. */
function expectUserError(r: { code: number | null; stderr: string }, pattern: RegExp) {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('labelgate eval, as a user runs it', () => {
  it('evaluates, prints the summary and writes a valid report', async () => {
    const out = path.join(tmpDir(), 'r.json');
    const r = await labelgate(['eval', '--variants', V3, '--dataset', SMALL, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/v3@3\.0\.0/);
    expect(r.stdout).toContain(`report: ${out}`);
    const report = readReport(out);
    expect(report.dataset).toMatchObject({ path: SMALL, size: 12, split: 'all' });
    expect(report.variants[0]!.cases).toHaveLength(12);
  });

  it('reports bad input with file and line and exit 2, writing nothing', async () => {
    const dir = tmpDir({
      'bad.jsonl': '{"id":"a","query":"q","label":"other"}\n{"id":"b","query":"q","label":"billing"}\n',
      'dup.jsonl': '{"id":"a","query":"q"}\n{"id":"a","query":"q"}\n',
      'p/t/v.yaml': readFileSync(V3, 'utf8').replace('version: 3.0.0', 'version: three'),
    });
    const out = path.join(dir, 'never.json');
    expectUserError(await labelgate(['eval', '--variants', V3, '--dataset', `${dir}/bad.jsonl`, '--out', out]), /bad\.jsonl:2: label "billing" is not in the label set of .*v3\.yaml/);
    expectUserError(await labelgate(['eval', '--variants', V3, '--dataset', `${dir}/dup.jsonl`, '--out', out]), /dup\.jsonl:2: duplicate id "a"/);
    expectUserError(await labelgate(['eval', '--variants', `${dir}/p`, '--dataset', SMALL, '--out', out]), /v\.yaml:3: version: a version is like/);
    expectUserError(await labelgate(['eval', '--split', 'train']), /--split must be one of validation, test, all/);
    expectUserError(await labelgate(['eval', '--bogus']), /Unknown option '--bogus'/);
    expect(() => readFileSync(out)).toThrow();
  });

  it('replays recorded predictions: a missing one is an error, a non-label is invalid, none is dropped', async () => {
    const dir = tmpDir();
    const preds = path.join(dir, 'preds.jsonl');
    writeFileSync(preds, ['{"id":"s01","prediction":"artifact"}', '{"id":"s02","prediction":"Artifact!"}', '{"id":"s03","prediction":"integrations"}'].join('\n'));
    const out = path.join(dir, 'r.json');
    const r = await labelgate(['eval', '--backend', 'replay', '--predictions', preds, '--variants', V3, '--dataset', SMALL, '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const [v] = readReport(out).variants;
    expect(v!.cases.slice(0, 4).map((c) => c.prediction)).toEqual(['artifact', 'invalid', 'integrations', 'error']);
    expect(v!.cases[1]!.raw).toBe('Artifact!');
    expect(v!.metrics).toMatchObject({ invalid: 1, error: 9, correct: 2, labeled: 12 });
  });

  it('uses a dataset with other field names through --map', async () => {
    const dir = tmpDir();
    const mapped = readFileSync(SMALL, 'utf8')
      .trim()
      .split('\n')
      .map((l) => {
        const c = JSON.parse(l) as Record<string, string>;
        return JSON.stringify({ query_id: c.id, question: c.query, matching_document: c.document, gold: c.label });
      })
      .join('\r\n');
    writeFileSync(path.join(dir, 'm.jsonl'), `\uFEFF${mapped}`);
    const out = path.join(dir, 'r.json');
    const r = await labelgate(['eval', '--variants', V3, '--dataset', path.join(dir, 'm.jsonl'), '--map', 'id=query_id,query=question,document=matching_document,label=gold', '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const plainOut = path.join(dir, 'plain.json');
    await labelgate(['eval', '--variants', V3, '--dataset', SMALL, '--out', plainOut, '--quiet']);
    const pick = (f: string) => readReport(f).variants[0]!.cases.map((c) => [c.id, c.gold, c.prediction]);
    expect(pick(out)).toEqual(pick(plainOut));
  });

  it('refuses a variant whose content changed without a version bump', async () => {
    const dir = tmpDir({
      'prompts/variants.lock.json': JSON.stringify({ lockfileVersion: 1, variants: { 'docs-router/v3': { '3.0.0': '0000000000000000' } } }),
    });
    const r = await labelgate(['eval', '--variants', V3, '--dataset', SMALL, '--out', path.join(dir, 'r.json')], { cwd: dir });
    expectUserError(r, /v3\.yaml: content changed but version 3\.0\.0 did not/);
  });
});
