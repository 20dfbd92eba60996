/**
 * Throughput under a rate limit: `labelgate eval --backend openai` on the validation split against
 * the local OpenAI-protocol server enforcing a requests-per-minute limit at a fixed latency. What
 * matters: no case lost (`error` = 0) and the achieved rate close to the limit.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readReport } from '../src/report/io.ts';
import { startOpenAIServer } from '../tests/helpers/openai-server.ts';
import { scriptedModel } from '../tests/helpers/openai-script.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface ThroughputResult {
  concurrency: number;
  cases: number;
  errors: number;
  invalid: number;
  calls: number;
  ok: number;
  rateLimited: number;
  wallMs: number;
  /** From the first request the server saw to its last answer. */
  serverMs: number;
  /** Answered requests per minute over `serverMs`, divided by the limit. */
  rateOfLimit: number;
}

export async function measureThroughput(options: { concurrency: number; rpm: number; latencyMs: number; split?: string }): Promise<ThroughputResult> {
  const server = await startOpenAIServer(scriptedModel({ latencyMs: options.latencyMs }), { rateLimit: { rpm: options.rpm } });
  const dir = mkdtempSync(path.join(tmpdir(), 'labelgate-bench-'));
  try {
    const out = path.join(dir, 'report.json');
    const args = ['bin/labelgate.js', 'eval', '--backend', 'openai', '--model', 'bench-model', '--split', options.split ?? 'validation', '-j', String(options.concurrency), '--no-cache', '--out', out, '--quiet'];
    const started = performance.now();
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, args, {
        cwd: ROOT,
        env: { ...process.env, OPENAI_API_KEY: 'sk-bench-not-a-real-key', OPENAI_BASE_URL: server.url },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      child.on('error', reject);
      child.on('close', resolve);
    });
    const wallMs = performance.now() - started;
    if (code !== 0) throw new Error(`eval exited ${code}`);
    const report = readReport(out);
    const rows = report.variants.flatMap((v) => v.cases);
    const counts = server.counts();
    const chat = server.requests.filter((r) => r.path === '/v1/chat/completions');
    const serverMs = Math.max(...chat.map((r) => r.answeredAt ?? r.receivedAt)) - chat[0]!.receivedAt;
    return {
      concurrency: options.concurrency,
      cases: rows.length,
      errors: rows.filter((r) => r.prediction === 'error').length,
      invalid: rows.filter((r) => r.prediction === 'invalid').length,
      calls: counts.calls,
      ok: counts.ok,
      rateLimited: counts.rateLimited,
      wallMs,
      serverMs,
      rateOfLimit: counts.ok / (serverMs / 60_000) / options.rpm,
    };
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const j = Number(process.argv[2] ?? 16);
  console.log(await measureThroughput({ concurrency: j, rpm: Number(process.argv[3] ?? 600), latencyMs: Number(process.argv[4] ?? 200) }));
}
