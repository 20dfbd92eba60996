import { describe, expect, it } from 'vitest';
import { openAnswers, recordAnswer, takeAnswers } from '../../src/promptfoo/answers.ts';
import { rowsFromRepeatedResults } from '../../src/promptfoo/repeat-rows.ts';
import type { Case } from '../../src/dataset/schema.ts';

const LABELS = ['spam', 'ham'];
const cases = [
  { id: 'a', query: 'win money', label: 'spam', line: 1 },
  { id: 'b', query: 'lunch?', label: 'ham', line: 2 },
] as Case[];
const vars = (c: Case) => ({ case: { id: c.id, query: c.query }, label: c.label });
const answer = (output: string) => ({ output, latencyMs: 5, metadata: { labels: LABELS, backend: 'offline', latencyMs: 5 } });

describe('answers labelgate’s provider records for the hook’s report', () => {
  it('are kept only between openAnswers and takeAnswers, and come back under their prompt’s index', () => {
    recordAnswer('v1@1', vars(cases[0]!), answer('spam'));
    expect(takeAnswers(['v1@1'])).toEqual([]);

    openAnswers();
    recordAnswer('v2@1', vars(cases[0]!), answer('spam'));
    recordAnswer('v1@1', vars(cases[1]!), answer('spam'));
    recordAnswer('v1@1', vars(cases[0]!), { error: 'timeout', metadata: {} });
    recordAnswer('elsewhere', vars(cases[0]!), answer('ham'));
    const results = takeAnswers(['v1@1', 'v2@1']);
    // Taken once: collection is closed again.
    expect(takeAnswers(['v1@1', 'v2@1'])).toEqual([]);

    const [v1, v2] = rowsFromRepeatedResults(results, [LABELS, LABELS], cases, 1);
    expect(v1!.map((r) => [r.id, r.prediction, r.reason])).toEqual([
      ['a', 'error', 'timeout'],
      ['b', 'spam', undefined],
    ]);
    // The answer under a label no prompt has is left out: v2's case b reads as unanswered.
    expect(v2!.map((r) => [r.id, r.prediction])).toEqual([
      ['a', 'spam'],
      ['b', 'error'],
    ]);
    expect(v2![1]!.reason).toBe('promptfoo returned no result for this case');
  });

  it('keep the run of a repeated evaluation, run 0 included', () => {
    openAnswers();
    for (const [repeat, outputs] of [[0, ['spam', 'ham']], [1, ['ham', 'ham']], [2, ['spam', 'spam']]] as const) {
      cases.forEach((c, i) => recordAnswer('v1@1', vars(c), answer(outputs[i]!), repeat));
    }
    const [rows] = rowsFromRepeatedResults(takeAnswers(['v1@1']), [LABELS], cases, 3);
    expect(rows!.map((r) => [r.id, r.runs])).toEqual([
      ['a', ['spam', 'ham', 'spam']],
      ['b', ['ham', 'ham', 'spam']],
    ]);
  });
});
