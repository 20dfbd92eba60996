import type { EvaluateResult } from 'promptfoo';
import { describe, expect, it } from 'vitest';
import type { Case } from '../../src/dataset/schema.ts';
import { resultForRows, rowsFromResults } from '../../src/promptfoo/rows.ts';

const cases: Case[] = ['a', 'b', 'c', 'd'].map((id, i) => ({ id, query: `query ${id}`, document: undefined, label: 'x', line: i + 1 }));

function result(promptIdx: number, id: string, fields: Partial<EvaluateResult>): EvaluateResult {
  return { promptIdx, testIdx: 0, vars: { case: { id, query: `query ${id}` }, label: 'x' }, testCase: {}, failureReason: 0, success: true, score: 1, latencyMs: 5, namedScores: {}, ...fields } as EvaluateResult;
}

describe("promptfoo results as labelgate's rows", () => {
  it('keeps every case: a label, a non-label answer (invalid), a provider error and a missing result (error)', () => {
    const [rows] = rowsFromResults(
      [
        result(0, 'a', { response: { output: 'x', metadata: { raw: '{"label":"x"}' } } }),
        result(0, 'b', { response: { output: 'Sure! The label is x.' }, failureReason: 1, error: 'predicted Sure!, labeled x' }),
        result(0, 'c', { response: { error: 'HTTP 500' }, failureReason: 2, error: 'HTTP 500' }),
      ],
      [['x', 'y']],
      cases,
    );
    expect(rows!.map((r) => [r.id, r.prediction])).toEqual([
      ['a', 'x'],
      ['b', 'invalid'],
      ['c', 'error'],
      ['d', 'error'],
    ]);
    expect(rows![1]!.raw).toBe('Sure! The label is x.');
    expect(rows![2]!.reason).toBe('HTTP 500');
    expect(rows![3]!.reason).toMatch(/no result/);
  });

  it('reads a failed assertion as a wrong answer, not as an error', () => {
    const [rows] = rowsFromResults([result(0, 'a', { response: { output: 'y' }, failureReason: 1, success: false, error: 'predicted y, labeled x' })], [['x', 'y']], cases.slice(0, 1));
    expect(rows![0]).toMatchObject({ prediction: 'y', gold: 'x' });
  });

  it('matches a result whose id promptfoo redacted to its case by the test position', () => {
    const redacted = { ...result(0, '[REDACTED]', { response: { output: 'x' } }), testIdx: 1, vars: { case: { id: '[REDACTED]', query: '[REDACTED]' }, label: 'x' } };
    const [rows] = rowsFromResults([result(0, 'a', { response: { output: 'x' } }), redacted], [['x', 'y']], cases.slice(0, 2));
    expect(rows!.map((r) => [r.id, r.prediction, r.query])).toEqual([
      ['a', 'x', 'query a'],
      ['b', 'x', 'query b'],
    ]);
  });

  it("reads labelgate's own runs, whose tests carry only the case's position (gold and text from the case)", () => {
    const at = (promptIdx: number, position: number, fields: Partial<EvaluateResult>) => ({ ...result(promptIdx, '', fields), testIdx: position, vars: { case: position } }) as EvaluateResult;
    const labeled = cases.map((c, i) => ({ ...c, label: i === 3 ? undefined : 'y' }));
    const rows = rowsFromResults([at(0, 2, { response: { output: 'y' } }), at(1, 0, { response: { output: 'x' } }), at(0, 3, { response: { output: 'x' } })], [['x', 'y'], ['x', 'y']], labeled);
    expect(rows.map((r) => r.map((c) => [c.id, c.gold, c.prediction, c.query]))).toEqual([
      [['a', 'y', 'error', 'query a'], ['b', 'y', 'error', 'query b'], ['c', 'y', 'y', 'query c'], ['d', null, 'x', 'query d']],
      [['a', 'y', 'x', 'query a'], ['b', 'y', 'error', 'query b'], ['c', 'y', 'error', 'query c'], ['d', null, 'error', 'query d']],
    ]);
  });

  it('gives the same rows from the part of each result a run keeps (resultForRows)', () => {
    const results = [
      result(0, 'a', { response: { output: 'x', metadata: { raw: '{"label":"x"}', latencyMs: 3 }, tokenUsage: { prompt: 5, completion: 1, total: 6, cached: 2 }, cost: 0.001 }, prompt: { raw: 'long prompt', label: 'v' } }),
      result(0, 'b', { response: { output: 'Sure! The label is x.' }, failureReason: 1, error: 'predicted Sure!, labeled x' }),
      result(0, 'c', { response: { error: 'HTTP 500' }, failureReason: 2, error: 'HTTP 500' }),
    ];
    expect(rowsFromResults(results.map(resultForRows), [['x', 'y']], cases)).toEqual(rowsFromResults(results, [['x', 'y']], cases));
    expect(resultForRows(results[0]!)).not.toHaveProperty('prompt');
  });
});
