import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { createElement } from 'react';
import { renderToString } from 'ink';
import { buildReport } from '../src/report/build.ts';
import { readReport } from '../src/report/io.ts';
import type { CaseRow } from '../src/report/schema.ts';
import { Frame } from '../src/tui/components/App.tsx';
import { buildCompareModel, type CompareModel } from '../src/tui/model/compare-model.ts';
import { selectors } from '../src/tui/selectors.ts';
import { initialState, type TuiState } from '../src/tui/state.ts';
import type { Row } from './run.ts';
import { buildVariantResult } from '../src/metrics/variant-result.ts';

const LABELS = ['artifact', 'integrations', 'visualisation', 'other'];
const SIZE = { columns: 80, rows: 24 };

function frame(model: CompareModel, state: TuiState): string {
  const sel = selectors(model);
  const cases = state.view === 'cases';
  return renderToString(createElement(Frame, { model, state, color: true, visible: cases ? sel.visible(state) : new Int32Array(0), selected: cases ? sel.selectedCase(state) : undefined }), {
    columns: SIZE.columns,
  });
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** A full collection, so that heap figures are what is held, not what is waiting to be freed. */
function collect(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

/**
 * What `labelgate compare big.json` does before its first frame: read and validate the report,
 * build the view model (cases across columns, the summary with its paired McNemar tests), render.
 */
export function compareFirstFrame(
  generate: (cases: number, variants: number) => CaseRow[][],
  measure: (part: string, repeat: number, fn: () => unknown, note?: string) => Row,
): Row[] {
  const N = 100_000;
  const rows = generate(N, 3);
  const report = buildReport({
    dataset: { path: 'bench.jsonl', hash: '0', size: N, labels: LABELS, split: 'all' },
    variants: rows.map((cases, v) => buildVariantResult({ name: `v${v}`, version: '1', hash: String(v), labels: LABELS, backend: 'offline', cases })),
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'labelgate-bench-'));
  const file = path.join(dir, 'report.json');
  writeFileSync(file, JSON.stringify(report));
  try {
    const state = initialState(3, SIZE);
    const cases: TuiState = { ...state, view: 'cases' };
    const whole = () => {
      const m = buildCompareModel([{ name: 'r', report: readReport(file) }], 0.05);
      return frame(m, state);
    };
    const parsed = readReport(file);
    const model = () => buildCompareModel([{ name: 'r', report: parsed }], 0.05);
    const built = model();
    collect();
    const before = process.memoryUsage().heapUsed;
    const held = buildCompareModel([{ name: 'r', report: readReport(file) }], 0.05);
    frame(held, state);
    collect();
    const atSummary = process.memoryUsage().heapUsed;
    frame(held, cases);
    collect();
    const atCases = process.memoryUsage().heapUsed;
    const memNote = `heap held at the first frame (report + model): ${mib(atSummary - before)}; after opening the cases view: ${mib(atCases - before)}`;
    return [
      measure('first frame from the file (read, validate, model, summary, render)', 5, whole, 'the target: under 500 ms'),
      measure('  readReport (JSON.parse + schema validation)', 5, () => readReport(file), `file ${mib(Buffer.byteLength(JSON.stringify(report)))}`),
      measure('  view model and summary (columns, McNemar pairing against the reference)', 5, () => model().summary(0)),
      measure('  summary frame (Ink renderToString, 80×24)', 5, () => frame(built, state), memNote),
      measure('cases view frame (join 100k cases over the columns, filter, windowed list)', 5, () => frame(model(), cases), 'a fresh model each run: the join and the filter are not cached'),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
