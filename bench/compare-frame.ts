import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createElement } from 'react';
import { renderToString } from 'ink';
import { buildReport, buildVariantResult } from '../src/report/build.ts';
import { readReport } from '../src/report/io.ts';
import type { CaseRow } from '../src/report/schema.ts';
import { Frame } from '../src/tui/components/App.tsx';
import { buildCompareModel, type CompareModel } from '../src/tui/model/compare-model.ts';
import { selectors } from '../src/tui/selectors.ts';
import { initialState, type TuiState } from '../src/tui/state.ts';
import type { Row } from './run.ts';

const LABELS = ['artifact', 'integrations', 'visualisation', 'other'];
const SIZE = { columns: 80, rows: 24 };

function frame(model: CompareModel, state: TuiState): string {
  const sel = selectors(model);
  return renderToString(createElement(Frame, { model, state, color: true, visible: sel.visible(state), selected: sel.selectedCase(state) }), { columns: SIZE.columns });
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

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
    const before = process.memoryUsage();
    const kept = [readReport(file)].map((r) => buildCompareModel([{ name: 'r', report: r }], 0.05));
    kept[0]!.summary(0);
    const after = process.memoryUsage();
    const memNote = `heap held by one parsed report + model: ${mib(after.heapUsed - before.heapUsed)}; RSS now ${mib(after.rss)}`;
    return [
      measure('first frame from the file (read, validate, model, summary, render)', 5, whole, 'the target: under 500 ms'),
      measure('  readReport (JSON.parse + schema validation)', 5, () => readReport(file), `file ${mib(Buffer.byteLength(JSON.stringify(report)))}`),
      measure('  view model (columns, 100k cases joined, summary with McNemar pairing)', 5, () => model().summary(0)),
      measure('  summary frame (Ink renderToString, 80×24)', 5, () => frame(built, state), memNote),
      measure('cases view frame (filter 100k cases, windowed list)', 5, () => frame(model(), cases), 'a fresh model each run, so the filter is not cached'),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
