import type { EvaluateResult } from 'promptfoo';
import type { Case } from '../dataset/schema.ts';
import { combineRuns } from '../metrics/repeats.ts';
import type { CaseRow } from '../report/schema.ts';
import type { ResponseMetadata } from './grade.ts';
import { rowsFromResults } from './rows.ts';

/**
 * promptfoo's results of a run with `repeat: k` as one row per case and prompt, every run's answer
 * in `runs`. promptfoo numbers the tests of a repeated run test by test, run by run
 * (`testIdx = test·k + run`); the provider also records the run in its metadata, which is used
 * when present.
 */
export function rowsFromRepeatedResults(results: EvaluateResult[], labelsByPrompt: string[][], cases: Case[], repeats: number): CaseRow[][] {
  if (repeats <= 1) return rowsFromResults(results, labelsByPrompt, cases);
  const byRun: EvaluateResult[][] = Array.from({ length: repeats }, () => []);
  for (const r of results) {
    const recorded = (r.response?.metadata as Partial<ResponseMetadata> | undefined)?.repeat;
    const run = typeof recorded === 'number' ? recorded : r.testIdx % repeats;
    // rowsFromResults falls back on the test's position for an id promptfoo redacted.
    byRun[run]?.push({ ...r, testIdx: Math.floor(r.testIdx / repeats) });
  }
  const runs = byRun.map((group) => rowsFromResults(group, labelsByPrompt, cases));
  return labelsByPrompt.map((_, prompt) => combineRuns(runs.map((run) => run[prompt]!)));
}

/** The runs in a result list made by labelgate's provider: one more than the highest recorded run. */
export function repeatsIn(results: readonly EvaluateResult[]): number {
  let highest = 0;
  for (const r of results) {
    const run = (r.response?.metadata as Partial<ResponseMetadata> | undefined)?.repeat;
    if (typeof run === 'number' && run > highest) highest = run;
  }
  return highest + 1;
}
