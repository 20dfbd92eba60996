/**
 * Start-up of the installed package: the packed tarball installed into a fresh project (as
 * tests/package/installed.test.ts does), then report-only commands run from there, interleaved
 * round by round with `node -e 0` so that the ratios compare runs made under the same load. Each
 * process also reports its own CPU time (user + system) as it exits: on a busy machine wall time
 * measures the queue for the cores, CPU time much less so.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { freshProject, installLabelgate, packLabelgate } from '../tests/helpers/installed-package.ts';
import { ROOT } from '../tests/helpers/cli.ts';
import { buildReport } from '../src/report/build.ts';
import { writeReport } from '../src/report/io.ts';
import { buildVariantResult } from '../src/metrics/variant-result.ts';
import type { CaseRow } from '../src/report/schema.ts';

interface Command {
  part: string;
  /** A script and its arguments, run by this Node: once as it is (wall time), once with the CPU probe loaded first. */
  argv: string[];
  cwd: 'project' | 'checkout';
  note?: string;
}

/** Loaded into every measured process (`--import`): appends its CPU time to $STARTUP_CPU_FILE at exit. */
const PROBE = `import { appendFileSync } from 'node:fs';
process.on('exit', () => { const c = process.cpuUsage(); appendFileSync(process.env.STARTUP_CPU_FILE, (c.user + c.system) / 1000 + '\\n'); });
`;

const ROUNDS = 15;

/** Two small reports of the case study's size (110 cases, 4 labels) that differ in a few cases. */
function writeReports(dir: string): void {
  const labels = ['artifact', 'integrations', 'visualisation', 'other'];
  const rows = (shift: number): CaseRow[] =>
    Array.from({ length: 110 }, (_, i) => ({ id: `q${i}`, gold: labels[i % 4]!, prediction: labels[(i + (i % 9 === 0 ? shift : 0)) % 4]!, query: `query ${i}` }));
  for (const [file, shift] of [['base.json', 1], ['head.json', 2]] as const) {
    const dataset = { path: 'datasets/x.jsonl', hash: '0', size: 110, labels, split: 'all' as const };
    writeReport(path.join(dir, file), buildReport({ dataset, variants: [buildVariantResult({ name: 'v1', version: '1', hash: '1', labels, backend: 'offline', cases: rows(shift) })] }));
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export function measureStartup(): string[] {
  const work = mkdtempSync(path.join(tmpdir(), 'labelgate-startup-'));
  try {
    const cache = path.join(work, 'npm-cache');
    const project = path.join(work, 'project');
    const tarball = packLabelgate(path.join(work, 'pack'), cache);
    freshProject(project);
    installLabelgate(project, tarball, cache);
    writeReports(project);
    const probe = path.join(work, 'cpu-probe.mjs');
    const cpuFile = path.join(work, 'cpu.txt');
    writeFileSync(probe, PROBE);
    // The same command from tsc's output, module by module: what linking dist/cli saves.
    const unlinked = path.join(work, 'unlinked.mjs');
    writeFileSync(unlinked, "const { main } = await import(process.argv[2]);\nprocess.exitCode = await main(process.argv.slice(3));\n");
    const tscMain = path.join(project, 'node_modules', 'labelgate', 'dist', 'src', 'cli', 'main.js');
    // The file node_modules/.bin/labelgate links to: what `npx labelgate` ends up running.
    const bin = path.join(project, 'node_modules', 'labelgate', 'bin', 'labelgate.js');
    const commands: Command[] = [
      { part: '`node -e 0` (the floor)', argv: ['-e', '0'], cwd: 'project' },
      { part: 'installed `labelgate --help`', argv: [bin, '--help'], cwd: 'project' },
      { part: 'installed `labelgate gate --candidate head.json --baseline base.json`', argv: [bin, 'gate', '--candidate', 'head.json', '--baseline', 'base.json'], cwd: 'project' },
      {
        part: 'the same `gate` from tsc\'s output (dist/src, about 200 modules)',
        argv: [unlinked, tscMain, 'gate', '--candidate', 'head.json', '--baseline', 'base.json'],
        cwd: 'project',
        note: 'for comparison: what linking the command into dist/cli saves',
      },
      { part: 'installed `labelgate diff base.json head.json`', argv: [bin, 'diff', 'base.json', 'head.json'], cwd: 'project' },
      { part: 'installed `labelgate compare base.json head.json` (static, not a terminal)', argv: [bin, 'compare', 'base.json', 'head.json'], cwd: 'project' },
      { part: 'checkout `labelgate --help` (sources through tsx)', argv: [path.join(ROOT, 'bin', 'labelgate.js'), '--help'], cwd: 'checkout', note: 'for comparison: what the installed package does not pay' },
    ];
    const wall = commands.map(() => [] as number[]);
    const cpu = commands.map(() => [] as number[]);
    const loadBefore = os.loadavg()[0]!.toFixed(1);
    for (let round = 0; round <= ROUNDS; round++) {
      commands.forEach((c, i) => {
        const options = { cwd: c.cwd === 'project' ? project : ROOT, stdio: 'ignore' as const, env: { ...process.env, CI: 'true', STARTUP_CPU_FILE: cpuFile } };
        // The gate may pass or fail these reports (exit 0 or 1); anything else is a broken run.
        const check = (status: number | null) => {
          if (status !== 0 && !(status === 1 && c.argv.includes('gate'))) throw new Error(`${c.part} exited ${status}`);
        };
        // Wall time as a user meets it: the command alone. The probe is an ES module of its own
        // (about 40 ms more for every command, `node -e 0` included), so CPU is read in a second run.
        const t = performance.now();
        check(spawnSync(process.execPath, c.argv, options).status);
        const ms = performance.now() - t;
        writeFileSync(cpuFile, '');
        check(spawnSync(process.execPath, ['--import', probe, ...c.argv], options).status);
        // Round 0 warms the file system cache and is not counted.
        if (round === 0) return;
        wall[i]!.push(ms);
        cpu[i]!.push(Number(readFileSync(cpuFile, 'utf8').trim()));
      });
    }
    const [floorWall, floorCpu] = [median(wall[0]!), median(cpu[0]!)];
    const out = [
      `Load average (1 min) before: ${loadBefore}, after: ${os.loadavg()[0]!.toFixed(1)}; ${ROUNDS} rounds, each command once per round.`,
      '',
      '| command | median wall ms | min wall ms | median CPU ms | × `node -e 0` wall | × `node -e 0` CPU | note |',
      '|:--|--:|--:|--:|--:|--:|:--|',
    ];
    commands.forEach((c, i) => {
      const [w, u] = [median(wall[i]!), median(cpu[i]!)];
      const cells = [c.part, w.toFixed(0), Math.min(...wall[i]!).toFixed(0), u.toFixed(0), (w / floorWall).toFixed(2), (u / floorCpu).toFixed(2), c.note ?? ''];
      out.push(`| ${cells.join(' | ')} |`);
    });
    return out;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
