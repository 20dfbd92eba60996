import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readReport } from '../../src/report/io.ts';
import { labelgate, ROOT } from '../helpers/cli.ts';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.ts';
import { scriptedModel } from '../helpers/openai-script.ts';
import { tmpDir } from '../helpers/tmp.ts';

const SMALL = path.join(ROOT, 'tests/fixtures/datasets/small.jsonl');
const V3 = path.join(ROOT, 'prompts/docs-router/v3.yaml');
const KEY = 'sk-test-SECRET-eval-limits-7f3a9c';

let server: OpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('labelgate eval --backend openai under a rate limit', () => {
  it('-j 16 against a bucket of 3: the burst is refused, retried after Retry-After, and no case is lost; the key is never printed', async () => {
    server = await startOpenAIServer(scriptedModel({ latencyMs: 10 }), { rateLimit: { rpm: 1_200, burst: 3 } });
    const dir = tmpDir();
    const out = path.join(dir, 'r.json');
    const r = await labelgate(['eval', '--backend', 'openai', '--model', 'm', '--variants', V3, '--dataset', SMALL, '-j', '16', '--no-cache', '--out', out], {
      cwd: dir,
      env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: server.url },
    });
    expect(r.code, r.stderr).toBe(0);
    const v = readReport(out).variants[0]!;
    expect(v.cases).toHaveLength(12);
    expect(v.metrics.error).toBe(0);
    const counts = server.counts();
    expect(counts.ok).toBe(12);
    // promptfoo may start all 12 at once; the limiter lets 16 through at first, and the bucket holds 3.
    expect(counts.rateLimited).toBeGreaterThan(0);
    expect(counts.calls).toBe(12 + counts.rateLimited);
    for (const text of [readFileSync(out, 'utf8'), r.stdout, r.stderr]) expect(text).not.toContain(KEY);
  });

  it('--max-input-chars (and maxInputChars in the config): an oversized case is invalid with the reason and never sent', async () => {
    server = await startOpenAIServer(scriptedModel());
    const huge = 'artifact '.repeat(20_000);
    const dir = tmpDir({
      'd.jsonl': [
        JSON.stringify({ id: 'small', query: 'How do I version an artifact?', label: 'artifact' }),
        JSON.stringify({ id: 'huge', query: 'What is this?', document: huge, label: 'other' }),
      ].join('\n'),
      'labelgate.config.yaml': 'maxInputChars: 1000\n',
      'allows-all.yaml': 'maxInputChars: 1000000\n',
    });
    const run = (extra: string[], out: string) =>
      labelgate(['eval', '--backend', 'openai', '--model', 'm', '--variants', V3, '--dataset', path.join(dir, 'd.jsonl'), '--no-cache', '--out', path.join(dir, out), '--quiet', ...extra], {
        cwd: dir,
        env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: server!.url },
      });
    // The flag overrides a config that would let the case through; then the config alone.
    for (const [extra, out] of [[['--max-input-chars', '500', '--config', path.join(dir, 'allows-all.yaml')], 'flag.json'], [[], 'config.json']] as const) {
      const before = server.requests.length;
      const r = await run([...extra], out);
      expect(r.code, r.stderr).toBe(0);
      const cases = readReport(path.join(dir, out)).variants[0]!.cases;
      expect(cases.find((c) => c.id === 'huge')).toMatchObject({ prediction: 'invalid', reason: expect.stringMatching(/^input too large: 180,013 characters \(about 45,004 tokens\)/) });
      expect(cases.find((c) => c.id === 'small')!.prediction).not.toMatch(/invalid|error/);
      const sent = server.requests.slice(before).map((q) => q.body.messages.at(-1)!.content);
      expect(sent).toHaveLength(1);
      expect(sent[0]).toContain('How do I version an artifact?');
    }
    const bad = await run(['--max-input-chars', 'lots'], 'bad.json');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--max-input-chars must be a positive whole number/);
    writeFileSync(path.join(dir, 'labelgate.config.yaml'), 'maxInputChars: -3\n');
    const badConfig = await run([], 'bad2.json');
    expect(badConfig.code).toBe(2);
    expect(badConfig.stderr).toMatch(/labelgate\.config\.yaml:1/);
  }, 180_000);
});
