import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readReport } from '../../src/report/io.ts';
import { labelgate, ROOT } from '../helpers/cli.ts';
import { keywordModel, startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.ts';
import { tmpDir } from '../helpers/tmp.ts';

const SMALL = path.join(ROOT, 'tests/fixtures/datasets/small.jsonl');
const V3 = path.join(ROOT, 'prompts/docs-router/v3.yaml');
const KEY = 'sk-test-BATCH-5f4dcc3b5aa765d61d83';

/** Every file under `dir`, recursively. */
const filesUnder = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(path.join(dir, f)).isDirectory() ? filesUnder(path.join(dir, f)) : [path.join(dir, f)]));

describe('labelgate eval --backend openai --batch', () => {
  let server: OpenAIServer;
  beforeAll(async () => {
    // One request fails with a message that echoes the key, as a careless proxy might.
    server = await startOpenAIServer((req) => (req.body.messages.at(-1)!.content!.includes('reset my password') ? { status: 500, body: { error: { message: `upstream refused key ${KEY}` } } } : keywordModel(req)));
  });
  afterAll(() => server.close());

  it('stops with exit 75 when the wait runs out, resumes the same batch on the next run, and never prints the key', async () => {
    const dir = tmpDir();
    const env = { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: server.url };
    const args = ['eval', '--backend', 'openai', '--model', 'test-model', '--batch', '--batch-wait', '1', '--variants', V3, '--dataset', SMALL, '--out', 'r.json'];
    server.batches.pollsToComplete = 1_000;
    const first = await labelgate(args, { cwd: dir, env });
    expect(first.code, first.stderr).toBe(75);
    expect(first.stderr).toMatch(/labelgate eval: created batch batch_fake_\d+ for 12 requests/);
    expect(first.stderr).toMatch(/is still in_progress after 1 s; no report was written\. Run the same command again to resume it/);
    expect(existsSync(path.join(dir, 'r.json'))).toBe(false);
    expect(server.batches.batches.size).toBe(1);

    server.batches.pollsToComplete = 1;
    const second = await labelgate(args, { cwd: dir, env });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/labelgate eval: resuming batch batch_fake_\d+ \(12 requests/);
    expect(server.batches.batches.size).toBe(1);
    expect(server.counts().calls).toBe(0);
    const v = readReport(path.join(dir, 'r.json')).variants[0]!;
    expect(v.cases.find((c) => c.id === 's07')).toMatchObject({ prediction: 'error', reason: 'HTTP 500 (in the batch): upstream refused key ***' });
    expect(v.cases.filter((c) => c.prediction === 'error')).toHaveLength(1);
    for (const text of [first.stdout, first.stderr, second.stdout, second.stderr, ...filesUnder(dir).map((f) => readFileSync(f, 'utf8'))]) expect(text).not.toContain(KEY);
  });
});
