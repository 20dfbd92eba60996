import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createClassifier } from '../../src/classifier/create.ts';
import { checkInputSize, DEFAULT_MAX_INPUT_CHARS, withInputGuard } from '../../src/classifier/input-guard.ts';
import type { Classifier } from '../../src/classifier/types.ts';
import { INVALID } from '../../src/core/outcome.ts';
import { loadVariant } from '../../src/variant/load.ts';
import { tmpDir } from '../helpers/tmp.ts';

const variant = loadVariant(
  'prompts/t/v1.yaml',
  'name: v1\nversion: 1\nchangelog: first\nsystem: Route.\nlabels:\n  - name: artifact\n    description: Stored artifacts.\n  - name: other\n    description: Everything else.\ntemplate: "{{query}} {{document}}"\n',
);

describe('checkInputSize', () => {
  it('counts query and document together; at the limit passes, one over is invalid with the size, the estimate and the limit', () => {
    expect(checkInputSize({ id: 'a', query: 'x'.repeat(6), document: 'y'.repeat(4) }, 10)).toBeUndefined();
    expect(checkInputSize({ id: 'a', query: 'x'.repeat(10) }, 10)).toBeUndefined();
    const over = checkInputSize({ id: 'a', query: 'x'.repeat(7), document: 'y'.repeat(4) }, 10);
    expect(over).toEqual({
      prediction: INVALID,
      reason: 'input too large: 11 characters (about 3 tokens) in query and document, over the limit of 10 (maxInputChars); not sent',
    });
  });

  it('a 5 MB query is refused under the default limit', () => {
    const p = checkInputSize({ id: 'big', query: 'a'.repeat(5_000_000) }, DEFAULT_MAX_INPUT_CHARS);
    expect(p?.reason).toBe('input too large: 5,000,000 characters (about 1,250,000 tokens) in query and document, over the limit of 100,000 (maxInputChars); not sent');
  });
});

describe('withInputGuard', () => {
  it('answers oversized cases itself and passes the rest through; backend, model and maxPending stay visible', async () => {
    const asked: string[] = [];
    const inner: Classifier = {
      backend: 'openai',
      model: 'm',
      maxPending: 12,
      classify: async (_v, c) => (asked.push(c.id), { prediction: 'other' }),
    };
    const guarded = withInputGuard(inner, 20);
    expect(guarded).toMatchObject({ backend: 'openai', model: 'm', maxPending: 12 });
    expect(await guarded.classify(variant, { id: 'small', query: 'short' })).toEqual({ prediction: 'other' });
    const big = await guarded.classify(variant, { id: 'big', query: 'q'.repeat(15), document: 'd'.repeat(6) });
    expect(big).toMatchObject({ prediction: INVALID, latencyMs: 0 });
    expect(big.reason).toMatch(/^input too large: 21 characters/);
    expect(asked).toEqual(['small']);
  });

  it('createClassifier guards model backends (offline included) but not replay, whose answers were recorded elsewhere', async () => {
    const offline = await createClassifier({ backend: 'offline', maxInputChars: 10 });
    expect((await offline.classify(variant, { id: 'a', query: 'artifact versions of a dataset' })).prediction).toBe(INVALID);
    expect((await offline.classify(variant, { id: 'b', query: 'artifact' })).prediction).toBe('artifact');
    const unguarded = await createClassifier({ backend: 'offline', maxInputChars: false });
    expect((await unguarded.classify(variant, { id: 'a', query: 'artifact versions of a dataset' })).prediction).not.toBe(INVALID);
    const dir = tmpDir({ 'p.jsonl': '{"id": "a", "prediction": "other"}\n' });
    const replay = await createClassifier({ backend: 'replay', predictions: path.join(dir, 'p.jsonl'), maxInputChars: 1 });
    expect((await replay.classify(variant, { id: 'a', query: 'long enough to be refused' })).prediction).toBe('other');
  });
});
