import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../helpers/cli.ts';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.ts';
import { tmpDir } from '../helpers/tmp.ts';

const SMALL = path.join(ROOT, 'tests/fixtures/datasets/small.jsonl');
const V3 = path.join(ROOT, 'prompts/docs-router/v3.yaml');

const filesUnder = (dir: string): string[] => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));

describe('Ctrl-C during labelgate eval', () => {
  let server: OpenAIServer;
  beforeAll(async () => {
    // A slow model: a run of 12 cases one at a time takes seconds, long enough to interrupt.
    server = await startOpenAIServer(() => ({ label: 'other', delayMs: 400 }));
  });
  afterAll(() => server.close());

  it('stops with exit 130, says what the cache kept, and leaves no report and no temporary file', async () => {
    const dir = tmpDir();
    const out = path.join(dir, 'reports', 'r.json');
    const child = spawn(process.execPath, [BIN, 'eval', '--backend', 'openai', '--model', 'm', '--variants', V3, '--dataset', SMALL, '--out', out, '-j', '1'], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1', OPENAI_API_KEY: 'sk-test-not-a-key', OPENAI_BASE_URL: server.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d) => (stdout += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));

    // Interrupt once a few answers are in, while others are still on their way.
    const end = Date.now() + 60_000;
    while (server.counts().ok < 3 && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
    expect(server.counts().ok).toBeGreaterThanOrEqual(3);
    child.kill('SIGINT');
    const code = await exited;

    expect(code, stderr).toBe(130);
    const lines = stderr.split('\n').filter((l) => l.includes('interrupted'));
    expect(lines).toHaveLength(1);
    const m = /^labelgate eval: interrupted after (\d+) of 12 cases; no report was written; (\d+) answers are kept in the response cache \(\.labelgate\/cache\) and the next run reuses them$/.exec(lines[0]!);
    expect(m, lines[0]).not.toBeNull();
    const [done, kept] = [Number(m![1]), Number(m![2])];
    expect(done).toBeGreaterThanOrEqual(3);
    expect(done).toBeLessThan(12);
    // What the line claims is what is on disk: one cache file per answer kept.
    const cached = filesUnder(path.join(dir, '.labelgate', 'cache'));
    expect(cached).toHaveLength(kept);
    expect(kept).toBe(done);
    expect(existsSync(out)).toBe(false);
    expect(filesUnder(dir).filter((f) => f.endsWith('.tmp') || f.includes('.tmp'))).toEqual([]);
    expect(stdout).toBe('');
    expect(stderr).not.toMatch(/\n\s+at |unexpected failure/);
  }, 90_000);
});
