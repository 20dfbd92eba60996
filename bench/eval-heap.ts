/**
 * What `labelgate eval` holds per result: the eval loop in this process on `n` cases × the bundled
 * variants (offline backend, no cache), the live heap (after a full collection) with promptfoo
 * loaded, after each part of promptfoo's evaluation (that part's results still alive), and once the
 * report is built. Run as `node --expose-gc --import tsx bench/eval-heap.ts 20000`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { importPromptfoo } from '../src/core/promptfoo-env.ts';
import { evaluate } from '../src/run/evaluate.ts';
import { loadProjectConfig } from '../src/run/config.ts';
import { resolveRunOptions } from '../src/run/options.ts';
import { scaledDataset } from './overhead.ts';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const live = () => {
  gc();
  return process.memoryUsage().heapUsed;
};
const mib = (b: number) => (b / 2 ** 20).toFixed(1);

const n = Number(process.argv[2] ?? 20_000);
const dir = mkdtempSync(path.join(tmpdir(), 'labelgate-eval-heap-'));
try {
  const dataset = path.join(dir, 'cases.jsonl');
  writeFileSync(dataset, scaledDataset(n));
  process.env.LOG_LEVEL ??= 'warn';
  const promptfoo = (await importPromptfoo()).default as { evaluate: (...args: unknown[]) => Promise<unknown> };
  const parts: number[] = [];
  const evaluateParts = promptfoo.evaluate;
  promptfoo.evaluate = async (...args) => {
    const ev = await evaluateParts(...args);
    parts.push(live());
    return ev;
  };
  const base = live();
  const { report } = await evaluate(resolveRunOptions({ dataset, backend: 'offline', cache: false }, loadProjectConfig()));
  const held = live();
  const results = report.variants.reduce((k, v) => k + v.cases.length, 0);
  const perResult = (bytes: number) => (bytes / results).toFixed(0);
  console.log(`${n.toLocaleString('en')} cases × ${report.variants.length} variants = ${results.toLocaleString('en')} results`);
  console.log(`heap with promptfoo loaded: ${mib(base)} MiB`);
  console.log(`after each part (its results alive): ${parts.map(mib).join(' ')} MiB`);
  console.log(`peak of those: ${mib(Math.max(...parts) - base)} MiB above the baseline (${perResult(Math.max(...parts) - base)} B per result)`);
  console.log(`held once the report is built: ${mib(held - base)} MiB above the baseline (${perResult(held - base)} B per result)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
