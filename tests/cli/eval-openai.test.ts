import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readReport } from '../../src/report/io.ts';
import { labelgate, ROOT } from '../helpers/cli.ts';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.ts';
import { tmpDir } from '../helpers/tmp.ts';

const SMALL = path.join(ROOT, 'tests/fixtures/datasets/small.jsonl');
const V3 = path.join(ROOT, 'prompts/docs-router/v3.yaml');
const KEY = 'sk-test-SECRET-d41d8cd98f00b204';

describe('labelgate eval --backend openai against an OpenAI-compatible server', () => {
  let server: OpenAIServer;
  beforeAll(async () => {
    server = await startOpenAIServer();
  });
  afterAll(() => server.close());

  it('classifies every case through the SDK, records tokens, never leaks the key, and reuses cached answers', async () => {
    const dir = tmpDir();
    const out = path.join(dir, 'r.json');
    const env = { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: server.url };
    // The 5th request fails for good (400 is not retried): that case is an `error`, not dropped.
    server.setHandler((req) => (req.count === 5 ? { status: 400, body: { error: { message: `bad request for key ${KEY}` } } } : { label: 'other' }));
    const args = ['eval', '--backend', 'openai', '--model', 'test-model', '--variants', V3, '--dataset', SMALL, '--out', out, '-j', '2'];
    const first = await labelgate(args, { cwd: dir, env });
    expect(first.code, first.stderr).toBe(0);
    expect(server.requests).toHaveLength(12);
    expect(server.requests.every((r) => r.body.model === 'test-model' && r.headers.authorization === `Bearer ${KEY}`)).toBe(true);
    const report = readReport(out);
    const v = report.variants[0]!;
    expect(v).toMatchObject({ backend: 'openai', model: 'test-model' });
    expect(v.cases).toHaveLength(12);
    expect(v.metrics.error).toBe(1);
    expect(v.cases.filter((c) => c.prediction === 'other')).toHaveLength(11);
    expect(v.usage.tokens.total).toBeGreaterThan(0);
    for (const text of [readFileSync(out, 'utf8'), first.stdout, first.stderr]) expect(text).not.toContain(KEY);
    // Every case waits on the run's one abort signal at once: that is no leak to warn a user about.
    expect(first.stderr).not.toMatch(/Warning|memory leak/);

    // Second run: the 11 answered cases come from the response cache; only the error is asked again.
    server.setHandler(() => ({ label: 'other' }));
    const second = await labelgate([...args.slice(0, -4), '--out', path.join(dir, 'r2.json'), '--quiet'], { cwd: dir, env });
    expect(second.code, second.stderr).toBe(0);
    expect(server.requests).toHaveLength(13);
    expect(readReport(path.join(dir, 'r2.json')).variants[0]!.metrics.error).toBe(0);
  });

  it('sends dataset text literally: a query naming a local file is not read, {{...}} is not expanded', async () => {
    const dir = tmpDir({ 'secret.txt': 'TOP-SECRET-CONTENTS' });
    const secret = path.join(dir, 'secret.txt');
    writeFileSync(
      path.join(dir, 'd.jsonl'),
      [JSON.stringify({ id: 'h1', query: `file://${secret}`, document: '{{query}} and {{label}}', label: 'other' }), JSON.stringify({ id: 'file://x', query: 'q', label: 'other' })].join('\n'),
    );
    server.setHandler(() => ({ label: 'other' }));
    const before = server.requests.length;
    const out = path.join(dir, 'r.json');
    const r = await labelgate(['eval', '--backend', 'openai', '--model', 'test-model', '--no-cache', '--variants', V3, '--dataset', path.join(dir, 'd.jsonl'), '--out', out, '--quiet'], {
      cwd: dir,
      env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: server.url },
    });
    expect(r.code, r.stderr).toBe(0);
    const sent = server.requests.slice(before).map((q) => q.body.messages.at(-1)!.content);
    expect(sent).toHaveLength(2);
    expect(sent.join('\n')).not.toContain('TOP-SECRET-CONTENTS');
    expect(sent[0]).toContain(`file://${secret}`);
    expect(sent[0]).toContain('{{query}} and {{label}}');
    expect(readReport(out).variants[0]!.cases.map((c) => [c.id, c.prediction])).toEqual([
      ['h1', 'other'],
      ['file://x', 'other'],
    ]);
  });

  it('exits 2 with a clear message when no key is set', async () => {
    const r = await labelgate(['eval', '--backend', 'openai', '--variants', V3, '--dataset', SMALL], { cwd: tmpDir(), env: { OPENAI_API_KEY: '', OPENAI_BASE_URL: '' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no OpenAI API key: set OPENAI_API_KEY/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
