/**
 * Benchmarks: `npm run bench` runs the quick ones, `npm run bench -- NAME...` others (`scale`: the
 * harness against bare promptfoo, eval at 100k × 3 and compare's first frame; `all`), `--write` also
 * records the results in bench/RESULTS.md. Not timed tests: numbers to read and compare, parts
 * measured side by side in the same process so their ratios mean something.
 *
 * A benchmark is a named entry in BENCHMARKS returning rows of measurements; add one there.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { countConfusion } from '../src/metrics/confusion.ts';
import { computeMetrics, DEFAULT_RESAMPLES, DEFAULT_SEED, macroF1Interval } from '../src/metrics/index.ts';
import { percentileInterval } from '../src/metrics/intervals.ts';
import { mulberry32 } from '../src/metrics/random.ts';
import { buildReport } from '../src/report/build.ts';
import { writeReport } from '../src/report/io.ts';
import { ReportSchema, type CaseRow, type Report } from '../src/report/schema.ts';
import { buildVariantResult, computeUsage } from '../src/metrics/variant-result.ts';
import { measureClassifier, measureEval, type ThroughputResult } from './throughput.ts';
import { compareFirstFrame } from './compare-frame.ts';
import { faultsAndResume } from './faults.ts';
import { applyCorpusBenchmark } from './apply-corpus.ts';
import { measureStartup } from './startup.ts';
import { load, measure, type Row } from './measure.ts';
import { contest, contestTable, evalAtScale } from './overhead.ts';

interface Benchmark {
  description: string;
  /** Timing rows (rendered as one table), or a section of markdown rendered by the benchmark itself. */
  run(): Row[] | Promise<Row[] | string[]>;
}

const LABELS = ['artifact', 'integrations', 'visualisation', 'other'];

/** 100k cases in the case study's shape (half `other`), five variants of rising skill, with latency and tokens. */
export function generateVariants(cases: number, variants: number): CaseRow[][] {
  const rng = mulberry32(42);
  const gold = Array.from({ length: cases }, () => {
    const r = rng();
    return r < 0.5 ? 'other' : LABELS[Math.floor((r - 0.5) * 6)]!;
  });
  return Array.from({ length: variants }, (_, v) => {
    const skill = 0.7 + 0.05 * v;
    return gold.map((g, i): CaseRow => {
      const r = rng();
      const prediction = r < 0.01 ? 'invalid' : r < 0.015 ? 'error' : rng() < skill ? g : LABELS[Math.floor(rng() * 4)]!;
      return {
        id: `case-${i}`,
        gold: g,
        prediction,
        latencyMs: 200 + Math.floor(rng() * 800),
        tokens: { prompt: 900, completion: 8, total: 908, cached: 768 },
        query: 'How do I log a model checkpoint as an artifact and then use it in another run?',
      };
    });
  });
}

const BENCHMARKS: Record<string, Benchmark> = {
  'report-100k-x5': {
    description: 'build the report for 100,000 cases × 5 variants (metrics incl. 1,000 bootstrap resamples of macro-F1, usage)',
    run() {
      const N = 100_000;
      const V = 5;
      const rows = generateVariants(N, V);
      const dataset = { path: 'bench.jsonl', hash: '0', size: N, labels: LABELS, split: 'all' as const };
      const build = () =>
        buildReport({
          dataset,
          variants: rows.map((cases, v) => buildVariantResult({ name: `v${v}`, version: '1', hash: String(v), labels: LABELS, backend: 'offline', cases })),
        });
      const counts = rows.map((r) => countConfusion(r, LABELS));
      const REPEAT = 7;
      const dir = mkdtempSync(path.join(os.tmpdir(), 'labelgate-bench-'));
      const out = path.join(dir, 'report.json');
      // Built lazily, so that the first row's first run is the first build in the process.
      let report: Report | undefined;
      const naiveResamples = 10;
      const measured = [
        measure('whole report (5 variants)', REPEAT, build, 'its first run is the first build in the process (JIT cold)'),
        measure('computeMetrics ×5', REPEAT, () => rows.forEach((r) => computeMetrics(r, LABELS))),
        measure('  confusion counts ×5 (the one pass over the rows)', REPEAT, () => rows.forEach((r) => countConfusion(r, LABELS))),
        measure('  macro-F1 bootstrap ×5 (1,000 resamples of the cells)', REPEAT, () =>
          counts.forEach((c) => macroF1Interval(c, { seed: DEFAULT_SEED, resamples: DEFAULT_RESAMPLES })),
        ),
        measure('computeUsage ×5 (tokens, latency percentiles)', REPEAT, () => rows.forEach((r) => computeUsage(r))),
        measure(
          `naive case bootstrap, 1 variant, ${naiveResamples} resamples`,
          3,
          () => naiveBootstrap(rows[0]!, naiveResamples),
          `×${DEFAULT_RESAMPLES / naiveResamples} for 1,000 resamples, ×${(V * DEFAULT_RESAMPLES) / naiveResamples} for 5 variants`,
        ),
        measure('writeReport (rows checked by hand, the rest by the schema, written a row per line)', 3, () => writeReport(out, (report ??= build())), 'what eval adds after building'),
        measure('  ReportSchema.parse of the whole report (the check writeReport used before)', 3, () => ReportSchema.parse((report ??= build()))),
        measure('  JSON.stringify with indentation (the text writeReport built before)', 3, () => JSON.stringify((report ??= build()), null, 2)),
      ];
      rmSync(dir, { recursive: true, force: true });
      return measured;
    },
  },
  'compare-100k-x3': {
    description: 'compare: the first frame on a report of 100,000 cases × 3 variants, from the file to the rendered summary (and the cases view)',
    run: () => compareFirstFrame(generateVariants),
  },
};

BENCHMARKS['startup-installed'] = {
  description:
    'start-up of report-only commands from the installed package (`npm pack`, installed into a fresh project, the file ' +
    '`node_modules/.bin/labelgate` links to) on two reports of 110 cases, side by side with `node -e 0`: wall time of the command as it is, ' +
    'and CPU time of the whole process read in a second run with a probe loaded. The target: under 300 ms. `npx` adds its own start-up (about a second) on top of every row.',
  run: async () => measureStartup(),
};

const THROUGHPUT = { rpm: 600, latencyMs: 200, split: 'validation' as const };

function throughputTable(results: ThroughputResult[], loads: string[]): string[] {
  const out = [
    '| part | -j | results | error | invalid | requests | 429s | achieved / limit | wall s | load (1/5/15 min) before |',
    '|:--|--:|--:|--:|--:|--:|--:|--:|--:|:--|',
  ];
  results.forEach((r, i) => {
    const cells = [r.part, r.concurrency, r.cases, r.errors, r.invalid, r.calls, r.rateLimited, r.rateOfLimit.toFixed(3), (r.wallMs / 1000).toFixed(1), loads[i]!];
    out.push(`| ${cells.join(' | ')} |`);
  });
  return out;
}

BENCHMARKS['throughput-600rpm'] = {
  description:
    `\`eval --backend openai --split validation\` against the local OpenAI-protocol server enforcing ${THROUGHPUT.rpm} requests/minute ` +
    `(token bucket of one second's worth, 429 + Retry-After + x-ratelimit-* headers) at ${THROUGHPUT.latencyMs} ms latency; then the classifier ` +
    'alone, fed the same calls. "achieved / limit": 200 answers per minute between the first request and the last answer, over the limit.',
  async run() {
    const results: ThroughputResult[] = [];
    const loads: string[] = [];
    for (const measure of [measureEval, measureClassifier]) {
      for (const concurrency of [4, 16]) {
        loads.push(load());
        results.push(await measure({ ...THROUGHPUT, concurrency }));
      }
    }
    return throughputTable(results, loads);
  },
};

BENCHMARKS['faults-and-resume'] = {
  description:
    '`eval --backend openai --split validation` against the local OpenAI-protocol server: fault-free (the reference), then scripted with ' +
    'a mix of faults, then killed with SIGKILL once half the answers arrived and run again on its response cache. Every case must be ' +
    'accounted for; a retry costs one request per retryable fault; the rerun asks exactly the cases the killed run had not kept and ends ' +
    'with the reference\'s predictions.',
  run: () => faultsAndResume(),
};

const APPLY_CASES = 100_000;

BENCHMARKS['apply-100k'] = {
  description:
    `\`labelgate apply\` on ${APPLY_CASES.toLocaleString('en')} cases (the bundled corpus repeated under new ids) through the offline backend, ` +
    'variant v3 as a user runs it (a child process, no response cache): wall and CPU time and peak memory of the whole command, ' +
    'promptfoo included; then what `--compare` adds for two such reports.',
  run: () => applyCorpusBenchmark(APPLY_CASES),
};

BENCHMARKS['overhead-5k-x3'] = {
  description:
    'the harness against bare promptfoo: `labelgate eval` (offline backend) on 5,000 cases × the 3 bundled variants, and promptfoo\'s CLI on the ' +
    "project's own promptfooconfig.yaml pointed at the same cases, each against promptfoo's CLI doing the same 15,000 results with its " +
    '`echo` provider and an `equals` assertion; each command in its own process, interleaved, peak RSS and CPU read by the process itself.',
  async run() {
    return contestTable(await contest(5_000, 3));
  },
};

BENCHMARKS['eval-100k-x3'] = {
  description:
    '`labelgate eval` (offline backend) on 100,000 cases × the 3 bundled variants, beside the same on 5,000: time, peak RSS, report size; ' +
    'the 100,000 again with the heap capped (--max-old-space-size=512), for the memory the command needs.',
  async run() {
    return evalAtScale([5_000, 100_000], { 100_000: 512 });
  },
};

/** Resampling the rows themselves, the design the cell bootstrap replaces: shown for scale only. */
function naiveBootstrap(rows: CaseRow[], resamples: number): void {
  const rng = mulberry32(1);
  const values: number[] = [];
  const sample = new Array<CaseRow>(rows.length);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < rows.length; i++) sample[i] = rows[Math.floor(rng() * rows.length)]!;
    values.push(computeMetrics(sample, LABELS, { resamples: 1 }).macroF1);
  }
  percentileInterval(values);
}

function table(results: Record<string, Row[] | string[]>): string {
  const out: string[] = [];
  for (const [name, rows] of Object.entries(results)) {
    out.push(`### ${name}`, '', BENCHMARKS[name]!.description, '');
    if (isMarkdown(rows)) {
      out.push(...rows, '');
      continue;
    }
    const whole = rows[0]!.ms;
    out.push('| part | median ms | min ms | CPU ms (median run) | first run ms | share of the first row | note |', '|:--|--:|--:|--:|--:|--:|:--|');
    for (const r of rows) {
      const cells = [r.part, r.ms.toFixed(1), r.minMs.toFixed(1), r.cpuMs.toFixed(1), r.firstMs.toFixed(1), `${((100 * r.ms) / whole).toFixed(1)}%`, r.note ?? ''];
      out.push(`| ${cells.join(' | ')} |`);
    }
    out.push('');
  }
  return out.join('\n');
}

/** What `npm run bench` runs without names: the quick ones. The others take minutes to an hour on two busy cores. */
const DEFAULT = ['report-100k-x5', 'compare-100k-x3'];
/** Names for several at once: `scale` is the harness's overhead and size figures, side by side in one run. */
const GROUPS: Record<string, string[]> = { scale: ['overhead-5k-x3', 'eval-100k-x3', 'compare-100k-x3'], all: Object.keys(BENCHMARKS) };

const args = process.argv.slice(2);
const write = args.includes('--write');
const names = args.filter((a) => !a.startsWith('--')).flatMap((n) => GROUPS[n] ?? [n]);
for (const n of names) if (!BENCHMARKS[n]) throw new Error(`unknown benchmark "${n}" (one of ${[...Object.keys(BENCHMARKS), ...Object.keys(GROUPS)].join(', ')})`);
const isMarkdown = (rows: Row[] | string[]): rows is string[] => typeof rows[0] === 'string';
const results: Record<string, Row[] | string[]> = {};
for (const name of names.length > 0 ? names : DEFAULT) results[name] = await BENCHMARKS[name]!.run();

const machine = `Node ${process.version}, ${os.availableParallelism()} cores (${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${os.platform()} ${os.arch()}`;
const peakRss = `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`;
const text = [
  '# Benchmarks',
  '',
  `Date: ${new Date().toISOString().slice(0, 10)}  `,
  `Command: \`npm run bench${args.length > 0 ? ` -- ${args.join(' ')}` : ''}\`  `,
  `Machine: ${machine}  `,
  `Peak RSS of the whole run (inputs included): ${peakRss}`,
  '',
  table(results),
].join('\n');
console.log(text);
if (write) {
  // Hand-written notes under "## Notes" survive a rewrite of the numbers above them.
  const file = fileURLToPath(new URL('RESULTS.md', import.meta.url));
  const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const notes = previous.indexOf('\n## Notes');
  writeFileSync(file, notes < 0 ? text : `${text.trimEnd()}\n${previous.slice(notes)}`);
}
