import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createClassifier } from '../../src/classifier/create.ts';
import { loadDataset } from '../../src/dataset/load.ts';
import { LabelgateProvider } from '../../src/promptfoo/provider.ts';
import { runPromptfoo } from '../../src/promptfoo/run.ts';
import { loadVariants } from '../../src/variant/load.ts';
import { ROOT } from '../helpers/cli.ts';

const variants = loadVariants(['v1', 'v3'].map((n) => path.join(ROOT, `prompts/docs-router/${n}.yaml`)));
const cases = loadDataset(path.join(ROOT, 'tests/fixtures/datasets/small.jsonl')).cases;
const withoutLatency = (rows: { latencyMs?: number }[][]) => rows.map((r) => r.map(({ latencyMs: _, ...rest }) => rest));

describe("labelgate's own promptfoo runs", () => {
  it('give the same rows, in case order, whether the cases go through in one part or in many', async () => {
    const classifier = await createClassifier({ backend: 'offline', cacheDir: false });
    const whole = await runPromptfoo({ variants, cases, classifier, concurrency: 4 });
    const parts = await runPromptfoo({ variants, cases, classifier, concurrency: 4, casesPerPart: 5 });
    expect(whole.map((r) => r.map((c) => c.id))).toEqual(variants.map(() => cases.map((c) => c.id)));
    expect(withoutLatency(parts)).toEqual(withoutLatency(whole));
    // The offline model's answers, checked apart from promptfoo: each case classified directly.
    for (const [v, variant] of variants.entries()) {
      for (const [i, c] of cases.entries()) {
        const direct = await classifier.classify(variant, { id: c.id, query: c.query, ...(c.document && { document: c.document }) });
        expect(whole[v]![i]).toMatchObject({ id: c.id, gold: c.label ?? null, prediction: direct.prediction });
      }
    }
  });

  it("quiet promptfoo's debug logging through the logger promptfoo hands the provider", async () => {
    const classifier = await createClassifier({ backend: 'offline', cacheDir: false });
    const provider = new LabelgateProvider({ classifier, variants, cases: [{ id: 'a', query: 'how do I version a dataset?' }] });
    const debug = vi.fn();
    const logger = { debug, transports: [{ level: 'info' }] };
    const context = { vars: { case: 0 }, prompt: { raw: '', label: 'v1', config: { variant: variants[0]!.path } }, logger };
    const response = await provider.callApi('', context as unknown as Parameters<LabelgateProvider['callApi']>[1]);
    expect(response.output).toBeTypeOf('string');
    logger.debug('dropped');
    expect(debug).not.toHaveBeenCalled();
    const missing = await provider.callApi('', { ...context, vars: { case: 1 } } as unknown as Parameters<LabelgateProvider['callApi']>[1]);
    expect(missing.error).toMatch(/no case at position 1/);
  });
});
