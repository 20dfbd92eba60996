import type { EvaluateResult } from 'promptfoo';
import { describe, expect, it } from 'vitest';
import type { Case } from '../../src/dataset/schema.ts';
import { repeatsIn, rowsFromRepeatedResults } from '../../src/promptfoo/repeat-rows.ts';

const cases: Case[] = ['a', 'b'].map((id, i) => ({ id, query: `query ${id}`, document: undefined, label: 'x', line: i + 1 }));

/** A result as promptfoo numbers a repeated run's tests: test·k + run. */
function result(test: number, run: number, k: number, output: string, recordRun = true): EvaluateResult {
  const id = cases[test]!.id;
  return {
    promptIdx: 0,
    testIdx: test * k + run,
    vars: { case: { id, query: `query ${id}` }, label: 'x' },
    testCase: {},
    failureReason: 0,
    success: true,
    score: 1,
    latencyMs: 5,
    namedScores: {},
    response: { output, metadata: { labels: ['x', 'y'], backend: 'module', ...(recordRun && run > 0 && { repeat: run }) } },
  } as unknown as EvaluateResult;
}

describe('promptfoo results of a repeated run as rows', () => {
  it('gives each case every run’s answer, by the run the provider recorded or by the test’s number', () => {
    const k = 3;
    const results = [result(1, 2, k, 'y'), result(0, 0, k, 'x'), result(0, 1, k, 'y', false), result(1, 0, k, 'x'), result(0, 2, k, 'x'), result(1, 1, k, 'x')];
    expect(repeatsIn(results)).toBe(3);
    const [rows] = rowsFromRepeatedResults(results, [['x', 'y']], cases, k);
    expect(rows!.map((r) => [r.id, r.prediction, r.runs, r.agreement])).toEqual([
      ['a', 'x', ['x', 'y', 'x'], 2 / 3],
      ['b', 'x', ['x', 'x', 'y'], 2 / 3],
    ]);
  });

  it('a run promptfoo returned nothing for is an error in that run, never dropped', () => {
    const [rows] = rowsFromRepeatedResults([result(0, 0, 2, 'x'), result(1, 0, 2, 'x'), result(1, 1, 2, 'x')], [['x', 'y']], cases, 2);
    expect(rows!.map((r) => r.runs)).toEqual([
      ['x', 'error'],
      ['x', 'x'],
    ]);
  });
});
