import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { withResponseCache } from '../../src/classifier/cache.ts';
import { contentHash } from '../../src/core/hash.ts';
import { labelNames } from '../../src/variant/schema.ts';
import { buildMessages } from '../../src/variant/messages.ts';
import type { Classifier } from '../../src/classifier/types.ts';
import { tmpDir } from '../helpers/tmp.ts';
import { tinyVariant, VARIANT_YAML } from '../helpers/variant.ts';

function countingModel(answers: string[]): Classifier & { calls: number } {
  const m = {
    backend: 'openai' as const,
    model: 'test-model',
    calls: 0,
    async classify() {
      const prediction = answers[m.calls % answers.length]!;
      m.calls += 1;
      return { prediction, raw: prediction, tokens: { prompt: 10, completion: 2, total: 12 } };
    },
  };
  return m;
}

describe('the response cache', () => {
  const variant = tinyVariant();
  const c = { id: '1', query: 'How do I version a dataset?', document: 'doc' };

  it('answers a repeated request from disk, across instances', async () => {
    const dir = tmpDir();
    const model = countingModel(['artifact']);
    expect((await withResponseCache(model, dir).classify(variant, c)).prediction).toBe('artifact');
    const second = withResponseCache(model, dir);
    expect(await second.classify(variant, c)).toMatchObject({ prediction: 'artifact', tokens: { total: 12 }, latencyMs: 0 });
    expect(model.calls).toBe(1);
    expect(second.hits).toBe(1);
  });

  it('asks again when the messages, labels, model or settings change', async () => {
    const dir = tmpDir();
    const model = countingModel(['other']);
    await withResponseCache(model, dir).classify(variant, c);
    await withResponseCache(model, dir).classify(variant, { ...c, document: 'another doc' });
    await withResponseCache(model, dir).classify(tinyVariant(VARIANT_YAML.replace('Everything else.', 'Anything else.')), c);
    await withResponseCache(model, dir, { temperature: 1 }).classify(variant, c);
    await withResponseCache({ ...model, model: 'other-model', classify: model.classify }, dir).classify(variant, c);
    expect(model.calls).toBe(5);
  });

  it('never caches an error', async () => {
    const dir = tmpDir();
    const model = countingModel(['error', 'artifact']);
    expect((await withResponseCache(model, dir).classify(variant, c)).prediction).toBe('error');
    expect((await withResponseCache(model, dir).classify(variant, c)).prediction).toBe('artifact');
    expect(model.calls).toBe(2);
  });

  it('keys each repeated run apart, and run 0 by the key an unrepeated run always had', async () => {
    const dir = tmpDir();
    const model = countingModel(['artifact', 'other', 'visualisation']);
    const cache = withResponseCache(model, dir);
    expect((await cache.classify(variant, c)).prediction).toBe('artifact');
    // Run 0 is today's entry: a hit, whether the index is absent or 0.
    expect(await cache.classify(variant, { ...c, repeat: 0 })).toMatchObject({ prediction: 'artifact', cache: 'hit' });
    // Runs 1 and 2 are calls of their own, each kept for the next time.
    expect((await cache.classify(variant, { ...c, repeat: 1 })).prediction).toBe('other');
    expect((await cache.classify(variant, { ...c, repeat: 2 })).prediction).toBe('visualisation');
    expect(await withResponseCache(model, dir).classify(variant, { ...c, repeat: 2 })).toMatchObject({ prediction: 'visualisation', cache: 'hit' });
    expect(model.calls).toBe(3);
    // The entry of run 0 sits where the key of earlier releases puts it (no repeat field in the key).
    const key = contentHash(JSON.stringify({ backend: 'openai', model: 'test-model', settings: {}, labels: labelNames(variant), messages: buildMessages(variant, c) }), 40);
    expect(readdirSync(path.join(dir, key.slice(0, 2)))).toContain(`${key}.json`);
  });
});
