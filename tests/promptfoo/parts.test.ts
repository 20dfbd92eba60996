import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createOfflineClassifier } from '../../src/classifier/offline.ts';
import { loadDataset } from '../../src/dataset/load.ts';
import { runPromptfoo } from '../../src/promptfoo/run.ts';
import { loadVariants } from '../../src/variant/load.ts';
import { ROOT } from '../helpers/cli.ts';

describe('runPromptfoo in parts', () => {
  it('rows in parts of 5 equal the rows of one evaluation, per variant and in case order', async () => {
    const variants = loadVariants(['v1', 'v3'].map((n) => path.join(ROOT, `prompts/docs-router/${n}.yaml`)));
    const cases = loadDataset(path.join(ROOT, 'tests/fixtures/datasets/small.jsonl')).cases;
    const run = { variants, cases, classifier: createOfflineClassifier(), concurrency: 4 };
    const strip = (rows: Awaited<ReturnType<typeof runPromptfoo>>) => rows.map((r) => r.map(({ latencyMs: _, ...row }) => row));
    const whole = await runPromptfoo(run);
    const parts = await runPromptfoo(run, 5);
    expect(parts.map((r) => r.map((c) => c.id))).toEqual([cases.map((c) => c.id), cases.map((c) => c.id)]);
    expect(strip(parts)).toEqual(strip(whole));
  });
});
