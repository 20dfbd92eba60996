/**
 * The harness against bare promptfoo, each command in its own process as a user runs it:
 *   - baseline: promptfoo's CLI on the same number of results with its `echo` provider and an
 *     `equals` assertion (three prompts × the cases), nothing of labelgate's;
 *   - `labelgate eval` (offline backend) on the cases × the three bundled variants;
 *   - promptfoo's CLI on the project's own promptfooconfig.yaml, pointed at the same cases.
 * The commands run interleaved (the order rotates each round) so that a busy machine slows them
 * alike; the medians of wall time, CPU time and peak RSS are compared with the baseline's.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_DATASET } from '../src/run/config.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PROMPTFOO_CLI = path.join(path.dirname(createRequire(import.meta.url).resolve('promptfoo')), 'entrypoint.js');

export interface Usage {
  wallMs: number;
  cpuMs: number;
  /** Peak resident set of the process, MiB. */
  rssMiB: number;
}

/** Written into each child with `--import`: the process's own CPU time and peak RSS, read when it exits. */
const PROBE = `import { writeFileSync } from 'node:fs';
process.on('exit', () => {
  const u = process.resourceUsage();
  writeFileSync(process.env.BENCH_USAGE_FILE, JSON.stringify({ cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, rssMiB: u.maxRSS / 1024 }));
});
`;

/** The bundled dataset's cases repeated with fresh ids, to `n` cases. */
export function scaledDataset(n: number): string {
  const lines = readFileSync(path.join(ROOT, DEFAULT_DATASET), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; query: string });
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const c = lines[i % lines.length]!;
    out.push(JSON.stringify({ ...c, id: `${c.id}-${Math.floor(i / lines.length)}` }));
  }
  return `${out.join('\n')}\n`;
}

export interface Workspace {
  dir: string;
  dataset: string;
  close(): void;
}

/** A temporary folder holding the scaled dataset, the baseline's config and a copy of the project's config pointed at that dataset. */
export function workspace(cases: number): Workspace {
  const dir = mkdtempSync(path.join(tmpdir(), 'labelgate-overhead-'));
  const dataset = path.join(dir, 'cases.jsonl');
  const text = scaledDataset(cases);
  writeFileSync(dataset, text);
  writeFileSync(path.join(dir, 'probe.mjs'), PROBE);
  const tests = text
    .trim()
    .split('\n')
    .map((l) => {
      const c = JSON.parse(l) as { id: string; query: string };
      return JSON.stringify({ description: c.id, vars: { query: c.query } });
    });
  writeFileSync(path.join(dir, 'bare-tests.jsonl'), `${tests.join('\n')}\n`);
  writeFileSync(
    path.join(dir, 'bare.yaml'),
    [
      'description: bare promptfoo baseline',
      'prompts: ["{{query}}", "A: {{query}}", "B: {{query}}"]',
      'providers: [echo]',
      'defaultTest:',
      '  assert: [{ type: equals, value: "{{query}}" }]',
      'tests: file://bare-tests.jsonl',
      '',
    ].join('\n'),
  );
  const project = readFileSync(path.join(ROOT, 'promptfooconfig.yaml'), 'utf8')
    .replaceAll('file://providers/', `file://${ROOT}/providers/`)
    .replace(`dataset: ${DEFAULT_DATASET}`, `dataset: ${dataset}`);
  if (!project.includes(dataset)) throw new Error(`promptfooconfig.yaml no longer reads ${DEFAULT_DATASET}: update the benchmark`);
  writeFileSync(path.join(dir, 'project.yaml'), project);
  return { dir, dataset, close: () => rmSync(dir, { recursive: true, force: true }) };
}

export type CommandName = 'baseline' | 'labelgate eval' | 'promptfoo on our config';

/** The command line of each contender, run from the project root. */
function command(name: CommandName, ws: Workspace, run: string): string[] {
  switch (name) {
    case 'baseline':
      return [PROMPTFOO_CLI, 'eval', '-c', path.join(ws.dir, 'bare.yaml'), '--no-table', '--no-progress-bar'];
    case 'promptfoo on our config':
      return [PROMPTFOO_CLI, 'eval', '-c', path.join(ws.dir, 'project.yaml'), '--no-table', '--no-progress-bar'];
    case 'labelgate eval':
      return ['bin/labelgate.js', 'eval', '--backend', 'offline', '--dataset', ws.dataset, '--no-cache', '--quiet', '--out', path.join(ws.dir, run, 'report.json')];
  }
}

/**
 * One run of one command in a child process: wall time measured here, CPU and peak RSS by the child
 * itself. `nodeOptions` go before the command (a heap cap).
 */
export async function runOnce(name: CommandName, ws: Workspace, run: string, nodeOptions: string[] = []): Promise<Usage> {
  const runDir = path.join(ws.dir, run);
  mkdirSync(runDir, { recursive: true });
  const usageFile = path.join(runDir, 'usage.json');
  const env = {
    ...process.env,
    // The same quiet, offline settings for every contender; a fresh promptfoo state (database) per run.
    PROMPTFOO_CONFIG_DIR: path.join(runDir, 'promptfoo'),
    PROMPTFOO_DISABLE_TELEMETRY: '1',
    PROMPTFOO_DISABLE_UPDATE: '1',
    PROMPTFOO_DISABLE_DEBUG_LOG: '1',
    PROMPTFOO_DISABLE_RUNTIME_WARNINGS: '1',
    LABELGATE_REPORT: path.join(runDir, 'hook-report.json'),
    BENCH_USAGE_FILE: usageFile,
  };
  const started = performance.now();
  const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeOptions, '--import', path.join(ws.dir, 'probe.mjs'), ...command(name, ws, run)], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
    child.on('error', reject);
    child.on('close', (c) => resolve({ code: c, stderr: err }));
  });
  const wallMs = performance.now() - started;
  // promptfoo exits 100 when a test fails (most of the baseline's do, by design).
  if (code !== 0 && code !== 100) throw new Error(`${name} exited ${code}:\n${stderr}`);
  const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as Omit<Usage, 'wallMs'>;
  rmSync(path.join(runDir, 'promptfoo'), { recursive: true, force: true });
  return { wallMs, ...usage };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export interface Contest {
  cases: number;
  rounds: number;
  medians: Record<CommandName, Usage>;
  runs: Record<CommandName, Usage[]>;
}

/** `rounds` interleaved rounds of the three commands on `cases` cases; the order rotates each round. */
export async function contest(cases: number, rounds: number, names: CommandName[] = ['baseline', 'labelgate eval', 'promptfoo on our config']): Promise<Contest> {
  const ws = workspace(cases);
  try {
    const runs = Object.fromEntries(names.map((n) => [n, [] as Usage[]])) as Record<CommandName, Usage[]>;
    for (let r = 0; r < rounds; r++) {
      for (let k = 0; k < names.length; k++) {
        const name = names[(r + k) % names.length]!;
        runs[name].push(await runOnce(name, ws, `r${r}-${k}`));
      }
    }
    const medians = Object.fromEntries(
      names.map((n) => [n, { wallMs: median(runs[n].map((u) => u.wallMs)), cpuMs: median(runs[n].map((u) => u.cpuMs)), rssMiB: median(runs[n].map((u) => u.rssMiB)) }]),
    ) as Record<CommandName, Usage>;
    return { cases, rounds, medians, runs };
  } finally {
    ws.close();
  }
}

/** The contest as a markdown table: medians and their ratios to the baseline. */
export function contestTable(c: Contest): string[] {
  const base = c.medians.baseline;
  const out = [
    `${c.cases.toLocaleString('en')} cases × 3 prompts = ${(3 * c.cases).toLocaleString('en')} results; median of ${c.rounds} interleaved runs each (all runs: wall s / CPU s / MiB).`,
    '',
    '| command | wall s | CPU s | peak RSS MiB | wall ÷ baseline | CPU ÷ baseline | RSS ÷ baseline | runs |',
    '|:--|--:|--:|--:|--:|--:|--:|:--|',
  ];
  for (const [name, m] of Object.entries(c.medians) as [CommandName, Usage][]) {
    const ratio = (a: number, b: number | undefined) => (b ? (a / b).toFixed(2) : '');
    const runs = c.runs[name].map((u) => `${(u.wallMs / 1000).toFixed(0)}/${(u.cpuMs / 1000).toFixed(0)}/${u.rssMiB.toFixed(0)}`).join(', ');
    out.push(`| ${name} | ${(m.wallMs / 1000).toFixed(1)} | ${(m.cpuMs / 1000).toFixed(1)} | ${m.rssMiB.toFixed(0)} | ${ratio(m.wallMs, base?.wallMs)} | ${ratio(m.cpuMs, base?.cpuMs)} | ${ratio(m.rssMiB, base?.rssMiB)} | ${runs} |`);
  }
  return out;
}

/**
 * `labelgate eval` alone at each size: does time grow with the rows, and memory only by the report?
 * Node's default heap limit lets the heap grow far beyond what is live before it collects, so each
 * size of `capped` runs a second time with the heap capped: its peak is what the command needs.
 */
export async function evalAtScale(sizes: number[], capped: Record<number, number> = {}): Promise<string[]> {
  const out = [
    '| cases × variants | results | heap cap MiB | wall s | CPU s | CPU ms per result | peak RSS MiB | report file MiB | results per CPU second |',
    '|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const n of sizes) {
    const ws = workspace(n);
    try {
      for (const cap of capped[n] === undefined ? [undefined] : [undefined, capped[n]]) {
        const u = await runOnce('labelgate eval', ws, 'run', cap === undefined ? [] : [`--max-old-space-size=${cap}`]);
        const mib = statSync(path.join(ws.dir, 'run', 'report.json')).size / 2 ** 20;
        const cells = [
          `${n.toLocaleString('en')} × 3`,
          (3 * n).toLocaleString('en'),
          cap === undefined ? 'none' : String(cap),
          (u.wallMs / 1000).toFixed(1),
          (u.cpuMs / 1000).toFixed(1),
          (u.cpuMs / (3 * n)).toFixed(2),
          u.rssMiB.toFixed(0),
          mib.toFixed(0),
          ((3 * n) / (u.cpuMs / 1000)).toFixed(0),
        ];
        out.push(`| ${cells.join(' | ')} |`);
      }
    } finally {
      ws.close();
    }
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [cases = '5000', rounds = '3', ...names] = process.argv.slice(2);
  const c = await contest(Number(cases), Number(rounds), names.length > 0 ? (names as CommandName[]) : undefined);
  console.log(contestTable(c).join('\n'));
}
