import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { createElement } from 'react';
import { renderToString } from 'ink';
import { buildReport } from '../src/report/build.ts';
import { readReport, readReportHead, writeReport } from '../src/report/io.ts';
import type { CaseRow } from '../src/report/schema.ts';
import { Frame } from '../src/tui/components/App.tsx';
import { buildCompareModel, type CompareModel } from '../src/tui/model/compare-model.ts';
import { selectors } from '../src/tui/selectors.ts';
import { initialState, type TuiState } from '../src/tui/state.ts';
import { measure, type Row } from './measure.ts';
import { buildVariantResult } from '../src/metrics/variant-result.ts';

const LABELS = ['artifact', 'integrations', 'visualisation', 'other'];
const SIZE = { columns: 80, rows: 24 };
const state = initialState(3, SIZE);

function frame(model: CompareModel, s: TuiState): string {
  const sel = selectors(model);
  const cases = s.view === 'cases';
  return renderToString(createElement(Frame, { model, state: s, color: true, visible: cases ? sel.visible(s) : new Int32Array(0), selected: cases ? sel.selectedCase(s) : undefined }), {
    columns: SIZE.columns,
  });
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** A full collection, so that heap figures are what is held, not what is waiting to be freed. */
function collect(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

/** What compare does in a terminal before its first frame: the report up to its rows, the view model, the summary (values, deltas). */
function firstFrame(file: string) {
  const head = readReportHead(file);
  frame(buildCompareModel([{ name: 'r', report: head.report }], 0.05, head.rowsPending), state);
  return head;
}

/** Then: the rows read and checked, the paired tests, the summary again. */
function completeFrame(head: ReturnType<typeof readReportHead>): string {
  return frame(buildCompareModel([{ name: 'r', report: head.full() }], 0.05), state);
}

/**
 * The two frames measured in a process of their own, as a compare command holds little else in
 * memory when it reads a report (here the benchmark's own generated rows would make every large
 * allocation a full collection of them).
 */
function framesInChild(file: string): Row[] {
  const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), file], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out) as Row[];
}

function childMain(file: string): void {
  collect();
  const before = process.memoryUsage().heapUsed;
  const head = firstFrame(file);
  collect();
  const atFirst = process.memoryUsage().heapUsed;
  completeFrame(head);
  collect();
  const atComplete = process.memoryUsage().heapUsed;
  const rows = [
    measure('first frame from the file (report up to its rows, model, summary with deltas, render)', 5, () => firstFrame(file), `the target: under 500 ms; heap held: ${mib(atFirst - before)}`),
    measure('complete frame, after the first (rows read and checked, paired tests, render)', 5, () => completeFrame(firstFrame(file)), `the first frame included; heap held: ${mib(atComplete - before)}`),
  ];
  // Its first run is not the process's first: the one above warmed it. Rows measured cold are in the notes of RESULTS.md.
  process.stdout.write(JSON.stringify(rows));
}

/**
 * `labelgate compare big.json` on a report of 100,000 cases × 3 variants as eval writes it: the
 * first frame and the complete one (in a process of their own), then their parts and the cases view.
 */
export async function compareFirstFrame(generate: (cases: number, variants: number) => CaseRow[][]): Promise<Row[]> {
  const N = 100_000;
  const rows = generate(N, 3);
  const report = buildReport({
    dataset: { path: 'bench.jsonl', hash: '0', size: N, labels: LABELS, split: 'all' },
    variants: rows.map((cases, v) => buildVariantResult({ name: `v${v}`, version: '1', hash: String(v), labels: LABELS, backend: 'offline', cases })),
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'labelgate-bench-'));
  const file = path.join(dir, 'report.json');
  writeReport(file, report);
  try {
    const frames = framesInChild(file);
    const cases: TuiState = { ...state, view: 'cases' };
    const parsed = readReport(file);
    const model = () => buildCompareModel([{ name: 'r', report: parsed }], 0.05);
    const built = model();
    return [
      ...frames,
      measure('  readReport (the whole report, rows checked)', 5, () => readReport(file), `file ${mib(statSync(file).size)}`),
      measure('  view model and summary (columns, McNemar pairing against the reference)', 5, () => model().summary(0)),
      measure('  summary frame (Ink renderToString, 80×24)', 5, () => frame(built, state)),
      measure('cases view frame (join 100k cases over the columns, filter, windowed list)', 5, () => frame(model(), cases), 'a fresh model each run: the join and the filter are not cached'),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2]) childMain(process.argv[2]);
