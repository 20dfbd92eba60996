import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseLabelList, scorePredictions } from '../../src/run/score.ts';
import { loadDataset } from '../../src/dataset/load.ts';
import { readPredictions } from '../../src/dataset/predictions.ts';
import { UserError } from '../../src/core/errors.ts';
import { readReport } from '../../src/report/io.ts';
import { gateConfig } from '../../src/gate/config.ts';
import { evaluateGate } from '../../src/gate/verdict.ts';
import { ReportSchema, type Report } from '../../src/report/schema.ts';
import { labelgate, ROOT } from '../helpers/cli.ts';

const DATASET = 'tests/fixtures/score/dataset.jsonl';
const PREDICTIONS = 'tests/fixtures/score/predictions.jsonl';
const tmp = mkdtempSync(path.join(tmpdir(), 'labelgate-score-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function file(name: string, lines: unknown[]): string {
  const p = path.join(tmp, name);
  writeFileSync(p, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
  return p;
}

/** Runs the real CLI, as a user would. */
const cli = (...args: string[]) => labelgate(['score', ...args]);

function score(datasetPath: string, predictionsPath: string, labels?: string[]) {
  return scorePredictions({
    dataset: loadDataset(datasetPath),
    predictions: readPredictions(predictionsPath),
    predictionsPath,
    predictionsHash: 'h',
    name: 'run',
    ...(labels && { labels }),
  });
}

describe('scorePredictions', () => {
  const { report, unknown } = score(path.join(ROOT, DATASET), path.join(ROOT, PREDICTIONS));
  const v = report.variants[0]!;
  const row = (id: string) => v.cases.find((c) => c.id === id)!;

  it('is one variant named as asked, with the dataset labels in order of first appearance', () => {
    expect(report.variants).toHaveLength(1);
    // The version is named by the predictions' content hash (here 'h'), so a changed file is a changed version.
    expect(v).toMatchObject({ name: 'run', version: 'sha-h', backend: 'replay', labels: ['artifact', 'integrations', 'visualisation', 'other'] });
    expect(ReportSchema.safeParse(report).success).toBe(true);
  });

  it('a case without a prediction is an error; a prediction that is not a label is invalid, raw kept', () => {
    expect(row('q9')).toMatchObject({ gold: 'other', prediction: 'error', reason: 'no prediction for this case' });
    expect(row('q6')).toMatchObject({ gold: 'integrations', prediction: 'invalid', raw: 'Integrations!' });
    expect(row('q1')).toMatchObject({ prediction: 'artifact', query: 'How do I version a model checkpoint as an artifact?' });
    expect(row('q1')).not.toHaveProperty('raw');
    expect(v.metrics).toMatchObject({ labeled: 10, correct: 6, invalid: 1, error: 2 });
  });

  it('two score reports of changed predictions gate as a version change, never as an unbumped one', () => {
    const load = (hash: string) =>
      scorePredictions({ dataset: loadDataset(path.join(ROOT, DATASET)), predictions: readPredictions(path.join(ROOT, PREDICTIONS)), predictionsPath: PREDICTIONS, predictionsHash: hash, name: 'run' }).report;
    const before = load('a'.repeat(64));
    const after = load('b'.repeat(64));
    expect(before.variants[0]!.version).not.toBe(after.variants[0]!.version);
    const notes = evaluateGate(after, before, gateConfig()).variants[0]!.notes.join(' ');
    expect(notes).toContain(`version changed: sha-${'a'.repeat(12)} → sha-${'b'.repeat(12)}`);
    expect(notes).not.toMatch(/not bumped/);
  });

  it('an unlabeled case is kept as a row but not scored', () => {
    expect(row('q11')).toMatchObject({ gold: null, prediction: 'other' });
    expect(report.dataset).toMatchObject({ size: 11, labels: ['artifact', 'integrations', 'visualisation', 'other'] });
  });

  it('predictions for unknown ids are listed in the report, with their lines', () => {
    expect(report.unknownPredictionIds).toEqual(['q99']);
    expect(unknown).toEqual([{ id: 'q99', line: 10 }]);
  });

  it('without --labels, a prediction that looks like a label but is no gold label asks for the label set', () => {
    // A small split with no "billing" case: the classifier's "billing" must not silently count as invalid.
    const d = file('small-split.jsonl', [{ id: 1, query: 'a', label: 'bug' }, { id: 2, query: 'b', label: 'other' }]);
    const p = file('billing.jsonl', [{ id: 1, prediction: 'bug' }, { id: 2, prediction: 'billing' }]);
    const run = (labels?: string[]) => score(d, p, labels);
    expect(() => run()).toThrow(/prediction "billing" looks like a label, but no case has it as its gold label: pass --labels bug,other,billing/);
    try {
      run();
    } catch (e) {
      expect((e as UserError).format()).toMatch(/billing\.jsonl:2: /);
    }
    const named = run(['bug', 'other', 'billing']).report.variants[0]!;
    expect(named.cases.map((c) => c.prediction)).toEqual(['bug', 'billing']);
    expect(named.metrics).toMatchObject({ labeled: 2, correct: 1, invalid: 0 });
  });

  it('recorded "invalid" and "error" are taken as they are', () => {
    const d = file('d1.jsonl', [{ id: 1, query: 'x', label: 'a' }, { id: 2, query: 'y', label: 'b' }]);
    const p = file('p1.jsonl', [{ id: 1, prediction: 'invalid' }, { id: 2, prediction: 'error' }]);
    const cases = score(d, p).report.variants[0]!.cases;
    expect(cases.map((c) => [c.prediction, c.raw])).toEqual([['invalid', undefined], ['error', undefined]]);
  });

  it('--labels fixes the set and its order, and may name labels with no case', () => {
    const r = score(path.join(ROOT, DATASET), path.join(ROOT, PREDICTIONS), ['other', 'visualisation', 'integrations', 'artifact', 'billing']).report;
    expect(Object.keys(r.variants[0]!.metrics.perLabel)).toEqual(['other', 'visualisation', 'integrations', 'artifact', 'billing']);
    expect(r.variants[0]!.metrics.perLabel.billing!.undefinedMetrics).toEqual(['precision', 'recall', 'f1']);
  });

  it('a gold label outside --labels is an error at its line', () => {
    expect(() => score(path.join(ROOT, DATASET), path.join(ROOT, PREDICTIONS), ['artifact', 'other'])).toThrowError(
      expect.objectContaining({ line: 2, message: expect.stringContaining('label "integrations" is not in the label set') }),
    );
  });

  it('gold labels that cannot be labels are errors at their line', () => {
    for (const label of ['invalid', 'error', '__proto__']) {
      const d = file(`reserved-${label}.jsonl`, [{ id: 1, query: 'x', label: 'a' }, { id: 2, query: 'y', label }]);
      const p = file('p2.jsonl', [{ id: 1, prediction: 'a' }]);
      expect(() => score(d, p)).toThrowError(expect.objectContaining({ file: d, line: 2 }));
    }
  });

  it('a dataset without a single label is an error', () => {
    const d = file('unlabeled.jsonl', [{ id: 1, query: 'x' }]);
    const p = file('p3.jsonl', [{ id: 1, prediction: 'a' }]);
    expect(() => score(d, p)).toThrow(/no case has a label/);
  });

  it('parseLabelList', () => {
    expect(parseLabelList('a, b ,c')).toEqual(['a', 'b', 'c']);
    expect(() => parseLabelList('a,,b')).toThrow(UserError);
    expect(() => parseLabelList('a,a')).toThrow(/twice/);
    expect(() => parseLabelList('a,invalid')).toThrow(/cannot be a label/);
  });
});

describe('labelgate score (the real CLI)', () => {
  const noStack = (stderr: string) => expect(stderr).not.toMatch(/^\s+at /m);

  it.concurrent('prints the text report, warns about unknown ids with file:line, exits 0', async () => {
    const r = await cli('--dataset', DATASET, '--predictions', PREDICTIONS);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^variant +backend +n +accuracy \(95% CI\)/m);
    expect(r.stdout).toMatch(/^predictions@sha-[0-9a-f]{12} +replay +10 +60\.0% \(31\.3–83\.2\)/m);
    expect(r.stdout).toContain('gold \\ predicted');
    expect(r.stderr).toContain(`warning: ${PREDICTIONS}:10: id "q99" matches no case in ${DATASET}`);
  });

  it.concurrent('--format json --out: the same valid report on stdout and on disk', async () => {
    const out = path.join(tmp, 'nested', 'report.json');
    const r = await cli('--dataset', DATASET, '--predictions', PREDICTIONS, '--format', 'json', '--out', out, '--name', 'prod-2026-11');
    expect(r.code).toBe(0);
    const printed = JSON.parse(r.stdout) as Report;
    expect(readReport(out)).toEqual(printed);
    expect(printed.variants[0]!.name).toBe('prod-2026-11');
    expect(printed.unknownPredictionIds).toEqual(['q99']);
    expect(readFileSync(out, 'utf8').startsWith('{\n  "schemaVersion": 1')).toBe(true);
  });

  it.concurrent('--format markdown', async () => {
    const r = await cli('--dataset', DATASET, '--predictions', PREDICTIONS, '--format', 'markdown');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^## labelgate report$/m);
    expect(r.stdout).toContain('| variant | backend | n |');
  });

  it.concurrent('a duplicate prediction id: exit 2, file:line, no stack', async () => {
    const p = file('dup.jsonl', [{ id: 'q1', prediction: 'artifact' }, { id: 'q2', prediction: 'other' }, { id: 'q1', prediction: 'other' }]);
    const r = await cli('--dataset', DATASET, '--predictions', p);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`labelgate score: ${p}:3: duplicate prediction for id "q1" (first on line 1)`);
    expect(r.stdout).toBe('');
  });

  it.concurrent('a gold label outside --labels: exit 2, file:line, no stack', async () => {
    const r = await cli('--dataset', DATASET, '--predictions', PREDICTIONS, '--labels', 'artifact,other,visualisation');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^labelgate score: ${DATASET}:2: label "integrations" is not in the label set`));
    noStack(r.stderr);
  });

  it.concurrent('a line that is not JSON: exit 2, file:line, no report written', async () => {
    const p = file('broken.jsonl', [{ id: 'q1', prediction: 'artifact' }, '{"id": "q2", "prediction": ']);
    const out = path.join(tmp, 'never.json');
    const r = await cli('--dataset', DATASET, '--predictions', p, '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^labelgate score: ${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: invalid JSON`));
    noStack(r.stderr);
    expect(() => readFileSync(out)).toThrow();
  });

  it.concurrent('a missing flag or a missing file: exit 2 with one line', async () => {
    const r1 = await cli('--predictions', PREDICTIONS);
    expect(r1.code).toBe(2);
    expect(r1.stderr.trim()).toBe('labelgate score: --dataset is required');
    const r2 = await cli('--dataset', 'nope.jsonl', '--predictions', PREDICTIONS);
    expect(r2.code).toBe(2);
    expect(r2.stderr.trim()).toBe('labelgate score: nope.jsonl: cannot read file (ENOENT)');
  });

  it.concurrent('--help: exit 0', async () => {
    const r = await cli('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('usage: labelgate score --dataset FILE --predictions FILE');
  });
});
