/**
 * Throughput under a rate limit: `labelgate eval --backend openai` on the validation split against
 * the local OpenAI-protocol server enforcing a requests-per-minute limit at a fixed latency. What
 * matters: no case lost (`error` = 0) and the achieved rate close to the limit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOpenAIClassifier } from '../src/classifier/openai.ts';
import { DEFAULT_DATASET, DEFAULT_VARIANTS } from '../src/run/config.ts';
import { loadDataset, selectSplit } from '../src/dataset/load.ts';
import type { Split } from '../src/dataset/split.ts';
import { readReport } from '../src/report/io.ts';
import { loadVariants } from '../src/variant/load.ts';
import { startOpenAIServer } from '../tests/helpers/openai-server.ts';
import { scriptedModel } from '../tests/helpers/openai-script.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface ThroughputOptions {
  concurrency: number;
  rpm: number;
  latencyMs: number;
  split?: Split;
}

export interface ThroughputResult {
  part: string;
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

export interface EvalProcess {
  child: ChildProcess;
  /** The exit code, or null when a signal ended it. */
  exited: Promise<number | null>;
}

/** `node bin/labelgate.js ARGS` from the project root against the server at `baseURL`, as a user runs it; its stderr passes through. */
export function startEval(args: string[], baseURL: string): EvalProcess {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, OPENAI_API_KEY: 'sk-bench-not-a-real-key', OPENAI_BASE_URL: baseURL },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  return { child, exited };
}

/** The whole command, in a child process, as a user runs it. */
export async function measureEval(options: ThroughputOptions): Promise<ThroughputResult> {
  const server = await startOpenAIServer(scriptedModel({ latencyMs: options.latencyMs }), { rateLimit: { rpm: options.rpm } });
  const dir = mkdtempSync(path.join(tmpdir(), 'labelgate-bench-'));
  try {
    const out = path.join(dir, 'report.json');
    const args = ['bin/labelgate.js', 'eval', '--backend', 'openai', '--model', 'bench-model', '--split', options.split ?? 'validation', '-j', String(options.concurrency), '--no-cache', '--out', out, '--quiet'];
    const started = performance.now();
    const code = await startEval(args, server.url).exited;
    const wallMs = performance.now() - started;
    if (code !== 0) throw new Error(`eval exited ${code}`);
    const predictions = readReport(out).variants.flatMap((v) => v.cases.map((c) => c.prediction));
    return summarise('eval --backend openai', options, server, predictions, wallMs);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The classifier alone, fed the same calls the way promptfoo feeds it: the limiter without the harness around it. */
export async function measureClassifier(options: ThroughputOptions): Promise<ThroughputResult> {
  const server = await startOpenAIServer(scriptedModel({ latencyMs: options.latencyMs }), { rateLimit: { rpm: options.rpm } });
  try {
    const variants = loadVariants([path.join(ROOT, DEFAULT_VARIANTS)]);
    const cases = selectSplit(loadDataset(path.join(ROOT, DEFAULT_DATASET)), options.split ?? 'validation');
    const calls = variants.flatMap((v) => cases.map((c) => ({ v, c })));
    const classifier = createOpenAIClassifier({ model: 'bench-model', apiKey: 'sk-bench-not-a-real-key', baseURL: server.url, concurrency: options.concurrency });
    const predictions: string[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: classifier.maxPending ?? options.concurrency }, async () => {
        while (next < calls.length) {
          const { v, c } = calls[next++]!;
          predictions.push((await classifier.classify(v, c)).prediction);
        }
      }),
    );
    return summarise('classifier alone', options, server, predictions, performance.now() - started);
  } finally {
    await server.close();
  }
}

function summarise(part: string, options: ThroughputOptions, server: Awaited<ReturnType<typeof startOpenAIServer>>, predictions: string[], wallMs: number): ThroughputResult {
  const counts = server.counts();
  const chat = server.requests.filter((r) => r.path === '/v1/chat/completions');
  const serverMs = Math.max(...chat.map((r) => r.answeredAt ?? r.receivedAt)) - chat[0]!.receivedAt;
  return {
    part,
    concurrency: options.concurrency,
    cases: predictions.length,
    errors: predictions.filter((p) => p === 'error').length,
    invalid: predictions.filter((p) => p === 'invalid').length,
    calls: counts.calls,
    ok: counts.ok,
    rateLimited: counts.rateLimited,
    wallMs,
    serverMs,
    rateOfLimit: counts.ok / (serverMs / 60_000) / options.rpm,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [j = '16', which = 'eval'] = process.argv.slice(2);
  const measure = which === 'classifier' ? measureClassifier : measureEval;
  console.log(await measure({ concurrency: Number(j), rpm: 600, latencyMs: 200 }));
}
