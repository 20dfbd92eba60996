/**
 * `labelgate apply` on a large corpus through the offline backend, as a user runs it (a child
 * process): wall time, CPU time and peak memory of the whole command; then what `--compare` adds
 * (reading two such reports and the drift between them), measured in this process against an
 * earlier report made from the first by moving every tenth case to the next label.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareDistributions } from '../src/metrics/drift.ts';
import { labelDistribution } from '../src/metrics/distribution.ts';
import { readApplyReport, writeApplyReport } from '../src/report/apply-io.ts';
import type { ApplyReport } from '../src/report/apply-schema.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS = path.join(ROOT, 'datasets/docs-assistant-corpus.jsonl');

/** Preloaded into the child: at exit, its peak RSS and CPU time go to the file named by $BENCH_USAGE. */
const USAGE_HOOK =
  'data:text/javascript,import fs from "node:fs"; process.on("exit", () => { const u = process.resourceUsage(); fs.writeFileSync(process.env.BENCH_USAGE, JSON.stringify({ maxRSS: u.maxRSS, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 })); });';

/** `n` cases: the bundled corpus repeated under new ids (the offline model's work per case is the same). */
function writeCorpus(file: string, n: number): void {
  const lines = readFileSync(CORPUS, 'utf8').trim().split('\n');
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const c = JSON.parse(lines[i % lines.length]!) as Record<string, unknown>;
    out.push(JSON.stringify({ ...c, id: `b-${String(i + 1).padStart(6, '0')}` }));
  }
  writeFileSync(file, `${out.join('\n')}\n`);
}

interface Run {
  wallMs: number;
  cpuMs: number;
  maxRssMiB: number;
}

function applyCommand(args: string[], dir: string, nodeOptions: string[] = []): Promise<Run> {
  const usage = path.join(dir, `usage-${Date.now()}.json`);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeOptions, '--import', USAGE_HOOK, 'bin/labelgate.js', 'apply', ...args, '--quiet'], {
      cwd: ROOT,
      env: { ...process.env, BENCH_USAGE: usage },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`apply exited ${code}`));
      const u = JSON.parse(readFileSync(usage, 'utf8')) as { maxRSS: number; cpuMs: number };
      resolve({ wallMs: performance.now() - started, cpuMs: u.cpuMs, maxRssMiB: u.maxRSS / 1024 });
    });
  });
}

/** The same report with every tenth case moved to the next label: an earlier run to compare with. */
function shifted(r: ApplyReport): ApplyReport {
  const labels = r.variant.labels;
  const cases = r.cases.map((c, i) => (i % 10 === 0 && labels.includes(c.prediction) ? { ...c, prediction: labels[(labels.indexOf(c.prediction) + 1) % labels.length]! } : c));
  return { ...r, variant: { ...r.variant, name: 'earlier' }, cases, distribution: labelDistribution(cases.map((c) => c.prediction), labels) };
}

const s = (ms: number) => (ms / 1000).toFixed(1);

export async function applyCorpusBenchmark(n: number): Promise<string[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'labelgate-bench-apply-'));
  try {
    const corpus = path.join(dir, 'corpus.jsonl');
    writeCorpus(corpus, n);
    const out = path.join(dir, 'v3.json');
    const rows: string[] = [];
    // Node's default heap limit lets the heap grow far beyond what is live before collecting; the
    // second run caps it, so it shows the memory the command needs.
    for (const [part, nodeOptions] of [
      ['apply --variant v3 (offline)', []],
      ['the same, heap capped (--max-old-space-size=512)', ['--max-old-space-size=512']],
    ] as const) {
      const run = await applyCommand(['--variant', 'prompts/docs-router/v3.yaml', '--input', corpus, '--out', out, '--no-cache'], dir, [...nodeOptions]);
      const report = readApplyReport(out);
      if (report.cases.length !== n) throw new Error(`${report.cases.length} cases in the report, ${n} in the corpus`);
      const bad = report.distribution.rows.filter((r) => r.label === 'invalid' || r.label === 'error').map((r) => r.count);
      const cells = [part, n.toLocaleString('en'), s(run.wallMs), s(run.cpuMs), (run.cpuMs / n).toFixed(2), run.maxRssMiB.toFixed(0), (statSync(out).size / 2 ** 20).toFixed(1), bad.join(' / ')];
      rows.push(`| ${cells.join(' | ')} |`);
    }
    const report = readApplyReport(out);
    const earlierFile = path.join(dir, 'earlier.json');
    writeApplyReport(earlierFile, shifted(report));
    const reports = [earlierFile, out];
    const t0 = performance.now();
    const earlier = readApplyReport(reports[0]!);
    const later = readApplyReport(reports[1]!);
    const t1 = performance.now();
    const drift = compareDistributions(earlier, later);
    const t2 = performance.now();
    return [
      '| part | cases | wall s | CPU s | CPU ms per case | peak RSS MiB | report MiB | invalid / error |',
      '|:--|--:|--:|--:|--:|--:|--:|--:|',
      ...rows,
      '',
      `What \`--compare\` adds, in this process: reading and validating both reports ${(t1 - t0).toFixed(0)} ms, the drift (chi-square, PSI, Newcombe intervals, label changes on ${drift.changes.shared.toLocaleString('en')} shared ids) ${(t2 - t1).toFixed(0)} ms.`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log((await applyCorpusBenchmark(Number(process.argv[2] ?? 100_000))).join('\n'));
}
