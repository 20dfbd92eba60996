import { describe, expect, it } from 'vitest';
import { agreement, answerFlipShare, combineRuns, correctnessFlipShare, majorityVote, summarizeRepeats } from '../../src/metrics/repeats.ts';
import { buildVariantResult } from '../../src/metrics/variant-result.ts';
import type { CaseRow } from '../../src/report/schema.ts';
import { ANSWERS, GOLD } from '../fixtures/repeat/flaky-classifier.ts';

const LABELS = ['artifact', 'integrations', 'visualisation', 'other'];
/** What the report records for the fixture's answers: a throw is `error`, a non-label `invalid`. */
const recorded = (a: string) => (a === 'throw' ? 'error' : LABELS.includes(a) ? a : 'invalid');
const ids = Object.keys(ANSWERS);
const runRows = (run: number): CaseRow[] => ids.map((id) => ({ id, gold: GOLD[id]!, prediction: recorded(ANSWERS[id]![run]!) }));

/** Every pair of distinct runs, enumerated: the share whose `differs` holds. A second way to the flip shares. */
function pairShare(predictions: string[], differs: (a: string, b: string) => boolean): number {
  let pairs = 0;
  let diff = 0;
  for (let i = 0; i < predictions.length; i++) {
    for (let j = i + 1; j < predictions.length; j++) {
      pairs += 1;
      if (differs(predictions[i]!, predictions[j]!)) diff += 1;
    }
  }
  return diff / pairs;
}

describe('one case’s runs', () => {
  it('agreement is the share of runs that gave the most frequent answer', () => {
    expect(agreement(['a', 'a', 'a'])).toBe(1);
    expect(agreement(['a', 'b', 'a'])).toBeCloseTo(2 / 3, 12);
    expect(agreement(['a', 'b', 'c'])).toBeCloseTo(1 / 3, 12);
    expect(agreement(['a', 'b', 'b', 'a'])).toBe(0.5);
  });

  it('the majority vote takes the most frequent answer; a tie goes to a label, then invalid, then error, then the earliest run', () => {
    expect(majorityVote(['b', 'a', 'a'])).toBe('a');
    expect(majorityVote(['c', 'a', 'b'])).toBe('c');
    expect(majorityVote(['b', 'a', 'a', 'b'])).toBe('b');
    expect(majorityVote(['error', 'invalid', 'other'])).toBe('other');
    expect(majorityVote(['error', 'invalid'])).toBe('invalid');
    expect(majorityVote(['error', 'error', 'a'])).toBe('error');
  });

  it('the flip shares equal the share of differing pairs, enumerated', () => {
    for (const runs of [['a', 'a', 'b'], ['a', 'b', 'c', 'a', 'error'], ['x', 'x'], ['x', 'y'], ['a', 'a', 'a', 'a']]) {
      expect(correctnessFlipShare(runs, 'a')).toBeCloseTo(pairShare(runs, (p, q) => (p === 'a') !== (q === 'a')), 12);
      expect(answerFlipShare(runs)).toBeCloseTo(pairShare(runs, (p, q) => p !== q), 12);
    }
  });
});

describe('combining repeated runs into rows', () => {
  it('keeps the first run’s row, lists every run’s answer, and adds up tokens and cost', () => {
    const runs: CaseRow[][] = [
      [{ id: 'a', gold: 'x', prediction: 'x', raw: 'first', latencyMs: 10, tokens: { prompt: 100, completion: 3, total: 103, cached: 50 }, costUsd: 0.001 }],
      [{ id: 'a', gold: 'x', prediction: 'y', raw: 'second', latencyMs: 20, tokens: { prompt: 100, completion: 4, total: 104 }, costUsd: 0.002 }],
      [{ id: 'a', gold: 'x', prediction: 'error', reason: 'HTTP 500' }],
    ];
    expect(combineRuns(runs)).toEqual([
      { id: 'a', gold: 'x', prediction: 'x', raw: 'first', latencyMs: 10, tokens: { prompt: 200, completion: 7, total: 207, cached: 50 }, costUsd: 0.003, runs: ['x', 'y', 'error'], agreement: 1 / 3 },
    ]);
    expect(() => combineRuns([runs[0]!, [{ id: 'b', gold: 'x', prediction: 'x' }]])).toThrow(/different cases/);
  });
});

describe('the repeats section, on the flaky classifier’s table (worked out by hand)', () => {
  const rows = combineRuns([runRows(0), runRows(1), runRows(2)]);
  const r = summarizeRepeats(rows, LABELS)!;

  it('per run: 7, 8 and 11 of 12 right', () => {
    expect(r.runs).toBe(3);
    expect(r.perRun.map((m) => m.correct)).toEqual([7, 8, 11]);
    expect(r.perRun.map((m) => [m.invalid, m.error])).toEqual([
      [1, 1],
      [2, 0],
      [0, 0],
    ]);
    expect(r.accuracy.mean).toBeCloseTo(26 / 36, 12);
    expect(r.accuracy.min).toBeCloseTo(7 / 12, 12);
    expect(r.accuracy.max).toBeCloseTo(11 / 12, 12);
  });

  it('majority vote: 9 of 12 (s04’s three-way tie goes to run 1’s "other", s10’s to the label over invalid and error)', () => {
    expect(r.majority.correct).toBe(9);
    expect(r.majority.accuracy).toBe(0.75);
    expect(r.majority.invalid).toBe(1);
    expect(r.majority.error).toBe(0);
    const majority = Object.fromEntries(r.flaky.map((f) => [f.id, f.majority]));
    expect(majority).toEqual({ s02: 'artifact', s04: 'other', s06: 'other', s09: 'other', s10: 'other', s12: 'invalid' });
  });

  it('flaky cases, agreement and flip rates', () => {
    expect(r.flaky.map((f) => [f.id, f.distribution, f.agreement])).toEqual([
      ['s02', { artifact: 2, other: 1 }, 2 / 3],
      ['s04', { other: 1, integrations: 1, visualisation: 1 }, 1 / 3],
      ['s06', { other: 2, visualisation: 1 }, 2 / 3],
      ['s09', { integrations: 1, other: 2 }, 2 / 3],
      ['s10', { error: 1, invalid: 1, other: 1 }, 1 / 3],
      ['s12', { invalid: 2, other: 1 }, 2 / 3],
    ]);
    // Six flaky cases: each has one or two of three runs right, so 2 of its 3 pairs differ in correctness.
    expect(r.flipRate).toBeCloseTo((6 * (2 / 3)) / 12, 12);
    // Answers: four cases split 2–1 (2 of 3 pairs differ), two split 1–1–1 (all pairs differ).
    expect(r.answerFlipRate).toBeCloseTo((4 * (2 / 3) + 2) / 12, 12);
    expect(r.meanAgreement).toBeCloseTo((6 + 4 * (2 / 3) + 2 * (1 / 3)) / 12, 12);
  });

  it('is part of the variant’s section, whose metrics and rows stay run 1’s; unrepeated rows have none', () => {
    const v = buildVariantResult({ name: 'v', version: '1', hash: 'h', labels: LABELS, backend: 'module', cases: rows });
    expect(v.metrics.correct).toBe(7);
    expect(v.repeats).toEqual(r);
    expect(buildVariantResult({ name: 'v', version: '1', hash: 'h', labels: LABELS, backend: 'module', cases: runRows(0) }).repeats).toBeUndefined();
  });

  it('has no flip rate without labeled cases', () => {
    const unlabeled = rows.map((row) => ({ ...row, gold: null }));
    const u = summarizeRepeats(unlabeled, LABELS)!;
    expect(u.flipRate).toBeUndefined();
    expect(u.answerFlipRate).toBeCloseTo(r.answerFlipRate, 12);
  });
});
