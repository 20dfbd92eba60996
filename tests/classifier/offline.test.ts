import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createOfflineClassifier, OFFLINE_MODEL } from '../../src/classifier/offline.ts';
import { stem } from '../../src/classifier/offline/stem.ts';
import type { Classifier, ClassifierCase } from '../../src/classifier/types.ts';
import { loadDataset } from '../../src/dataset/load.ts';
import { splitOf } from '../../src/dataset/split.ts';
import { loadVariant } from '../../src/variant/load.ts';
import type { Variant } from '../../src/variant/schema.ts';

const VARIANTS = ['v1', 'v2', 'v3'].map((n) => loadVariant(`prompts/docs-router/${n}.yaml`));
const [v1, v2, v3] = VARIANTS as [Variant, Variant, Variant];

interface LabelSpec {
  name: string;
  description: string;
  positive?: string[];
  negative?: string[];
}

/** A variant from inline parts, through the same loader users' files go through. */
function variant(labels: LabelSpec[], system = 'You classify support questions.'): Variant {
  const file = {
    name: 'inline',
    version: '1.0.0',
    changelog: 'test variant',
    system,
    labels: labels.map((l) => ({ name: l.name, description: l.description, examples: { positive: l.positive ?? [], negative: l.negative ?? [] } })),
    fallback: 'other',
    template: '{{query}}\n{{document}}',
  };
  return loadVariant('inline/task/inline.yaml', stringify(file));
}

const ask = (classifier: Classifier, v: Variant, query: string, document?: string) =>
  classifier.classify(v, { id: 'c', query, ...(document !== undefined && { document }) });

describe('docs-router variants', () => {
  it('load, with the declared versions, label order and fallback', () => {
    expect(VARIANTS.map((v) => v.version)).toEqual(['1.0.0', '2.0.0', '3.0.0']);
    for (const v of VARIANTS) {
      expect(v.labels.map((l) => l.name)).toEqual(['artifact', 'integrations', 'visualisation', 'other']);
      expect(v.fallback).toBe('other');
      expect(v.template).toContain('{{query}}');
      expect(v.template).toContain('{{document}}');
      expect(v.template.indexOf('{{query}}')).toBeLessThan(v.template.indexOf('{{document}}'));
    }
    expect(new Set(VARIANTS.map((v) => v.hash)).size).toBe(3);
  });

  it('build on each other: v1 has no examples, v3 is v2 plus 5 to 8 examples of each kind per label', () => {
    for (const v of [v1, v2]) expect(v.labels.every((l) => l.examples.positive.length + l.examples.negative.length === 0)).toBe(true);
    expect(v3.system).toBe(v2.system);
    expect(v3.labels.map((l) => l.description)).toEqual(v2.labels.map((l) => l.description));
    for (const l of v3.labels) {
      expect(l.examples.positive.length).toBeGreaterThanOrEqual(5);
      expect(l.examples.positive.length).toBeLessThanOrEqual(8);
      expect(l.examples.negative.length).toBeGreaterThanOrEqual(5);
      expect(l.examples.negative.length).toBeLessThanOrEqual(8);
    }
  });
});

describe('offline classifier', () => {
  const classifier = createOfflineClassifier();
  const probes: ClassifierCase[] = [
    { id: 'a', query: 'How do I move the latest alias to another artifact version?', document: 'Artifacts have versions and aliases.' },
    { id: 'b', query: 'How do I reset my password?', document: 'Artifacts are versioned folders of files. Create one with kestrel.Artifact.' },
    { id: 'c', query: 'Can I smooth the loss curve in a line plot?' },
    { id: 'd', query: 'How do I use the Kestrel callback with Keras?', document: 'The Keras integration.' },
    { id: 'e', query: 'What does the enterprise plan cost?' },
  ];

  it('identifies itself and reports a measured latency, no tokens', async () => {
    expect(classifier.backend).toBe('offline');
    expect(classifier.model).toBe(OFFLINE_MODEL);
    const p = await classifier.classify(v3, probes[0]!);
    expect(p.latencyMs).toBeGreaterThanOrEqual(0);
    expect(p.tokens).toBeUndefined();
    expect(p.raw).toMatch(/^artifact \(score -?\d+\.\d\d vs other -?\d+\.\d\d/);
  });

  it('is deterministic across fresh instances and repeated calls', async () => {
    const runs = async (c: Classifier) => Promise.all(VARIANTS.flatMap((v) => probes.map((p) => c.classify(v, p))));
    const strip = (ps: Awaited<ReturnType<typeof runs>>) => ps.map(({ prediction, raw }) => ({ prediction, raw }));
    const first = strip(await runs(createOfflineClassifier()));
    const second = strip(await runs(createOfflineClassifier()));
    const again = strip(await runs(classifier));
    const yetAgain = strip(await runs(classifier));
    expect(second).toEqual(first);
    expect(again).toEqual(first);
    expect(yetAgain).toEqual(first);
  });

  it('routes the probes of the case study sensibly with v3', async () => {
    const got = await Promise.all(probes.map((p) => classifier.classify(v3, p)));
    expect(got.map((p) => p.prediction)).toEqual(['artifact', 'other', 'visualisation', 'integrations', 'other']);
  });

  it('learns a word from a label description', async () => {
    const labels = (word: string): LabelSpec[] => [
      { name: 'birds', description: `Questions about ${word} and other birds.` },
      { name: 'fish', description: 'Questions about fish.' },
      { name: 'other', description: 'Everything else.' },
    ];
    const withWord = variant(labels('flamingos'));
    const without = variant(labels('sparrows'));
    expect((await ask(classifier, withWord, 'Where do flamingos sleep?')).prediction).toBe('birds');
    expect((await ask(classifier, without, 'Where do flamingos sleep?')).prediction).toBe('other');
  });

  it('learns from positive examples: removing them changes a prediction only they cover', async () => {
    const labels = (examples: boolean): LabelSpec[] => [
      { name: 'billing', description: 'Invoices and payments.', positive: examples ? ['Why was my credit card declined?', 'Can I get a refund?'] : [] },
      { name: 'shipping', description: 'Deliveries and parcels.', positive: examples ? ['Where is my parcel?', 'Can I change the delivery address?'] : [] },
      { name: 'other', description: 'Anything else.' },
    ];
    const query = 'My card was declined twice today';
    expect((await ask(classifier, variant(labels(true)), query)).prediction).toBe('billing');
    expect((await ask(classifier, variant(labels(false)), query)).prediction).toBe('other');
  });

  it('learns from negative examples', async () => {
    const labels = (negative: string[]): LabelSpec[] => [
      { name: 'storage', description: 'Storing files: storage buckets, quotas and retention.', negative },
      { name: 'other', description: 'Anything else.', positive: ['How do I change my password?'] },
    ];
    const query = 'How much storage does the basic plan include?';
    expect((await ask(classifier, variant(labels([])), query)).prediction).toBe('storage');
    const negative = ['How much storage comes with each plan?', 'Does the basic plan include more storage?'];
    expect((await ask(classifier, variant(labels(negative)), query)).prediction).toBe('other');
  });

  it('takes label names quoted in the system message as statements about those labels', async () => {
    const labels: LabelSpec[] = [
      { name: 'outage', description: 'The service is down.' },
      { name: 'other', description: 'Anything else.' },
    ];
    const plain = variant(labels, 'You classify support questions.');
    const told = variant(labels, 'You classify support questions. A 502 gateway timeout is an `outage`. Password resets are `other`.');
    expect((await ask(classifier, plain, 'I keep getting a gateway timeout')).prediction).toBe('other');
    expect((await ask(classifier, told, 'I keep getting a gateway timeout')).prediction).toBe('outage');
    expect((await ask(classifier, told, 'How do password resets work?')).prediction).toBe('other');
  });

  it('weighs the question over the retrieved document', async () => {
    const v = variant([
      { name: 'artifact', description: 'Artifacts: versions, aliases and lineage.' },
      { name: 'other', description: 'Anything else: passwords, accounts, billing.' },
    ]);
    const doc = 'Artifacts have versions. An alias points at a version. Lineage shows which run made an artifact.';
    expect((await ask(classifier, v, 'How do I reset my password?', doc)).prediction).toBe('other');
    expect((await ask(classifier, v, 'How do I add an alias?', doc)).prediction).toBe('artifact');
  });

  it('falls back to the fallback label when a case carries no signal', async () => {
    for (const v of VARIANTS) {
      for (const query of ['hello', '???', 'zxqv blorp']) expect((await ask(classifier, v, query)).prediction).toBe('other');
    }
  });

  it('only ever predicts one of the variant labels', async () => {
    const texts = ['', ' ', 'artifact integrations visualisation', '12345', 'Ünïcödé ✓', 'a'.repeat(5000), 'chart '.repeat(300)];
    for (const v of VARIANTS) {
      const names = v.labels.map((l) => l.name);
      for (const query of texts) {
        const p = await ask(classifier, v, query || 'x', query);
        expect(names).toContain(p.prediction);
      }
    }
  });

  it('stems inflections and British spellings together', () => {
    expect(new Set(['artifacts', 'artifact'].map(stem)).size).toBe(1);
    expect(new Set(['versions', 'versioned', 'versioning', 'version'].map(stem)).size).toBe(1);
    expect(new Set(['visualisation', 'visualization', 'visualise', 'visualizing'].map(stem)).size).toBe(1);
    expect(new Set(['integrations', 'integrate', 'integrating'].map(stem)).size).toBe(1);
    expect(new Set(['logged', 'logging', 'logs'].map(stem)).size).toBe(1);
    expect(new Set(['alias', 'aliases'].map(stem)).size).toBe(1);
  });
});

describe('offline classifier on the bundled dataset', () => {
  async function accuracy(v: Variant): Promise<number> {
    const dataset = loadDataset('datasets/docs-assistant.jsonl');
    const validation = dataset.cases.filter((c) => c.label !== undefined && splitOf(c.id) === 'validation');
    expect(validation.length).toBeGreaterThan(50);
    const classifier = createOfflineClassifier();
    let correct = 0;
    for (const c of validation) if ((await classifier.classify(v, c)).prediction === c.label) correct++;
    return correct / validation.length;
  }

  it('scores v3 above v1 on the validation split, without being perfect', async () => {
    const [a1, a3] = [await accuracy(v1), await accuracy(v3)];
    expect(a3).toBeGreaterThan(a1);
    expect(a3).toBeLessThan(1);
  });
});
