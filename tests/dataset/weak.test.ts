import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isUserError } from '../../src/core/errors.ts';
import { decide, loadWeakLabels, weakLineJson, type WeakLine } from '../../src/dataset/weak.ts';
import type { Case } from '../../src/dataset/schema.ts';
import { buildVariantResult } from '../../src/metrics/variant-result.ts';
import { buildReport } from '../../src/report/build.ts';
import type { CaseRow } from '../../src/report/schema.ts';
import { weakLines } from '../../src/run/weak-labels.ts';
import { tmpDir } from '../helpers/tmp.ts';

const LABELS = ['billing', 'bug', 'other'];

const line = (over: Partial<WeakLine> = {}): WeakLine => ({
  id: 'c1',
  query: 'why was I charged twice',
  proposal: { label: 'billing', by: 'v3@1.2.0', backend: 'offline' },
  opinions: [
    { variant: 'v1@1.0.0', label: 'bug' },
    { variant: 'v3@1.2.0', label: 'billing' },
  ],
  agreed: false,
  ...over,
});

function loadError(lines: string[]): string {
  const file = path.join(tmpDir(), 'weak.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  try {
    loadWeakLabels(file);
  } catch (e) {
    if (!isUserError(e)) throw e;
    return e.format().replace(file, 'weak.jsonl');
  }
  throw new Error('no error');
}

describe('decide: the proposal and the agreement', () => {
  it('the first variant proposes; agreement needs every variant on that same valid label', () => {
    expect(decide([{ variant: 'a', label: 'bug' }, { variant: 'b', label: 'billing' }])).toEqual({ proposal: { variant: 'a', label: 'bug' }, agreed: false });
    expect(decide([{ variant: 'a', label: 'bug' }, { variant: 'b', label: 'bug' }]).agreed).toBe(true);
  });

  it('skips invalid and error to the next valid label; none valid is no proposal', () => {
    expect(decide([{ variant: 'a', label: 'invalid' }, { variant: 'b', label: 'error' }, { variant: 'c', label: 'bug' }])).toEqual({ proposal: { variant: 'c', label: 'bug' }, agreed: false });
    expect(decide([{ variant: 'a', label: 'error' }, { variant: 'b', label: 'invalid' }])).toEqual({ proposal: undefined, agreed: false });
    // One variant that answered invalid has not "agreed" with itself on anything.
    expect(decide([{ variant: 'a', label: 'invalid' }]).agreed).toBe(false);
  });
});

describe('weakLines: one line per case, in order, every opinion kept', () => {
  const cases: Case[] = [
    { id: 'c1', query: 'charged twice', document: 'Invoices…', label: undefined, metadata: { source: 'chat' }, line: 1 },
    { id: 'c2', query: 'app crashes', document: undefined, label: undefined, line: 2 },
    { id: 'c3', query: 'hello', document: undefined, label: undefined, line: 3 },
  ];
  const rows = (predictions: string[]): CaseRow[] =>
    predictions.map((prediction, i) => ({ id: cases[i]!.id, gold: null, prediction, ...(prediction === 'invalid' ? { reason: 'refused: not allowed' } : prediction === 'error' ? { reason: '500 from the server' } : {}) }));
  const report = buildReport({
    dataset: { path: 'u.jsonl', hash: 'h', size: 3, labels: [], split: 'all' },
    variants: [
      buildVariantResult({ name: 'v1', version: '1.0.0', hash: 'x', labels: LABELS, backend: 'openai', model: 'm', cases: rows(['bug', 'invalid', 'error']), resamples: 10 }),
      buildVariantResult({ name: 'v3', version: '1.2.0', hash: 'y', labels: LABELS, backend: 'openai', model: 'm', cases: rows(['billing', 'bug', 'invalid']), resamples: 10 }),
    ],
  });

  it('proposal from the first variant, else the next valid one, else null; invalid and error with their reason', () => {
    const lines = weakLines(cases, report);
    expect(lines).toEqual([
      {
        id: 'c1',
        query: 'charged twice',
        document: 'Invoices…',
        metadata: { source: 'chat' },
        proposal: { label: 'bug', by: 'v1@1.0.0', backend: 'openai', model: 'm' },
        opinions: [
          { variant: 'v1@1.0.0', label: 'bug' },
          { variant: 'v3@1.2.0', label: 'billing' },
        ],
        agreed: false,
      },
      {
        id: 'c2',
        query: 'app crashes',
        proposal: { label: 'bug', by: 'v3@1.2.0', backend: 'openai', model: 'm' },
        opinions: [
          { variant: 'v1@1.0.0', label: 'invalid', reason: 'refused: not allowed' },
          { variant: 'v3@1.2.0', label: 'bug' },
        ],
        agreed: false,
      },
      {
        id: 'c3',
        query: 'hello',
        proposal: null,
        opinions: [
          { variant: 'v1@1.0.0', label: 'error', reason: '500 from the server' },
          { variant: 'v3@1.2.0', label: 'invalid', reason: 'refused: not allowed' },
        ],
        agreed: false,
      },
    ]);
  });

  it('written and read back unchanged', () => {
    const file = path.join(tmpDir(), 'weak.jsonl');
    const lines = weakLines(cases, report);
    writeFileSync(file, `${lines.map(weakLineJson).join('\n')}\n`);
    const loaded = loadWeakLabels(file);
    expect(loaded.lines.map(({ line: n, ...rest }) => [n, rest])).toEqual(lines.map((l, i) => [i + 1, l]));
    expect(loaded.hash).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('loadWeakLabels: file:line: what is wrong', () => {
  it('accepts the documented example', () => {
    const file = path.join(tmpDir(), 'weak.jsonl');
    writeFileSync(
      file,
      '{"id":"c1","query":"…","document":"…","metadata":{},"proposal":{"label":"billing","by":"v3@1.2.0","backend":"offline"},"opinions":[{"variant":"v1@1.0.0","label":"bug"},{"variant":"v3@1.2.0","label":"billing"}],"agreed":false}\n',
    );
    expect(loadWeakLabels(file).lines[0]).toMatchObject({ id: 'c1', line: 1, proposal: { label: 'billing' } });
  });

  it('names the line and the field', () => {
    const ok = weakLineJson(line());
    expect(loadError([ok, JSON.stringify({ ...line({ id: 'c2' }), opinions: undefined })])).toBe('weak.jsonl:2: missing field "opinions"');
    expect(loadError([JSON.stringify({ ...line(), proposal: { label: 'billing', by: 'v3@1.2.0' } })])).toBe('weak.jsonl:1: missing field "proposal.backend"');
    expect(loadError([JSON.stringify({ ...line(), agreed: 'no' })])).toMatch(/^weak\.jsonl:1: field "agreed": /);
    expect(loadError([ok, ok])).toBe('weak.jsonl:2: duplicate id "c1" (first on line 1)');
    expect(loadError([ok, '{"id": "c2",'])).toMatch(/^weak\.jsonl:2: invalid JSON/);
  });

  it('refuses lines that contradict themselves', () => {
    expect(loadError([JSON.stringify(line({ agreed: true }))])).toBe('weak.jsonl:1: field "agreed": is true, but the opinions do not all agree on a valid label');
    expect(loadError([JSON.stringify(line({ proposal: { label: 'other', by: 'v3@1.2.0', backend: 'offline' } }))])).toBe('weak.jsonl:1: field "proposal.by": no opinion of "v3@1.2.0" gives "other"');
    expect(loadError([JSON.stringify(line({ proposal: null }))])).toBe('weak.jsonl:1: field "proposal": is null, but v1@1.0.0 gave the valid label "bug"');
    const none = line({ proposal: { label: 'invalid', by: 'v1@1.0.0', backend: 'offline' }, opinions: [{ variant: 'v1@1.0.0', label: 'invalid', reason: 'x' }] });
    expect(loadError([JSON.stringify(none)])).toBe('weak.jsonl:1: field "proposal.label": "invalid" is not a label that can be proposed');
  });
});
