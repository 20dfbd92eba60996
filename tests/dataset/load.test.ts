import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkLabels, loadDataset, parseFieldMap, selectSplit } from '../../src/dataset/load.ts';
import { readPredictions } from '../../src/dataset/predictions.ts';
import { splitOf, VALIDATION_SHARE } from '../../src/dataset/split.ts';
import { tmpDir } from '../helpers/tmp.ts';
import { failure } from '../helpers/user-error.ts';

const line = (o: unknown) => JSON.stringify(o);
const good = [
  line({ id: 'a', query: 'How do I version a dataset?', document: 'Artifacts...', label: 'artifact' }),
  line({ id: 'b', query: 'Reset my password', label: 'other' }),
  line({ id: 'c', query: 'unlabeled question' }),
].join('\n');

function file(text: string, name = 'd.jsonl'): string {
  return `${tmpDir({ [name]: text })}/${name}`;
}

describe('datasets', () => {
  it('describes binary input by line instead of echoing its bytes', () => {
    const dir = tmpDir();
    const bin = `${dir}/bin.jsonl`;
    writeFileSync(bin, Buffer.concat([Buffer.from(`${good}\n`), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x1b, 0x5b, 0x32, 0x4a, 0xff, 0x0a])]));
    expect(failure(() => loadDataset(bin))).toBe(`${bin}:4: not text (binary bytes)`);
    const nul = file(`${good}\n{"id": "x\u0000\u001b]0;title\u0007"}\n`);
    expect(failure(() => loadDataset(nul))).toBe(`${nul}:4: not text (binary bytes)`);
    const esc = file(`${good}\n{"id": "x\u001b[2J"}\n`);
    expect(failure(() => loadDataset(esc))).toBe(`${esc}:4: invalid JSON: a raw control character U+001B at column 10 (JSON writes it as \\u001b)`);
  });

  it('loads cases with their lines; label and document are optional', () => {
    const d = loadDataset(file(`${good}\n`));
    expect(d.cases.map((c) => [c.id, c.label ?? null, c.line])).toEqual([
      ['a', 'artifact', 1],
      ['b', 'other', 2],
      ['c', null, 3],
    ]);
    // Only the fields a line has, then its line number: no key left holding undefined.
    expect(d.cases.map((c) => Object.keys(c))).toEqual([
      ['id', 'query', 'document', 'label', 'line'],
      ['id', 'query', 'label', 'line'],
      ['id', 'query', 'line'],
    ]);
    expect(d.hash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('accepts a byte-order mark and CRLF line endings, with the same cases', () => {
    const plain = loadDataset(file(good));
    const windows = loadDataset(file(`\uFEFF${good.replace(/\n/g, '\r\n')}\r\n`));
    expect(windows.cases).toEqual(plain.cases);
  });

  it('names the line of invalid JSON, a missing field, a duplicate id', () => {
    expect(failure(() => loadDataset(file(`${good}\n{"id": "d", "query": }`)))).toMatch(/d\.jsonl:4: invalid JSON/);
    expect(failure(() => loadDataset(file(`${good}\n${line({ id: 'd' })}`)))).toMatch(/d\.jsonl:4: missing field "query"$/);
    expect(failure(() => loadDataset(file(`${good}\n${line({ query: 'q' })}`)))).toMatch(/d\.jsonl:4: missing field "id"$/);
    expect(failure(() => loadDataset(file(`${good}\n\n${line({ id: 'a', query: 'again' })}`)))).toMatch(
      /d\.jsonl:5: duplicate id "a" \(first on line 1\)/,
    );
    expect(failure(() => loadDataset(file(`${good}\n[1,2]`)))).toMatch(/d\.jsonl:4: each line must be a JSON object/);
    expect(failure(() => loadDataset(file(`${good}\n${line({ id: 'e', query: 'q', label: 3 })}`)))).toMatch(/d\.jsonl:4: field "label": /);
  });

  it('rejects an empty file and a missing file', () => {
    expect(failure(() => loadDataset(file('\n\n')))).toMatch(/d\.jsonl: the file holds no cases/);
    expect(failure(() => loadDataset('no/such.jsonl'))).toMatch(/no\/such\.jsonl: cannot read file \(ENOENT\)/);
  });

  it('names the line of a label outside the variant label set', () => {
    const d = loadDataset(file(good));
    expect(failure(() => checkLabels(d, ['artifact', 'visualisation'], 'v.yaml'))).toMatch(
      /d\.jsonl:2: label "other" is not in the label set of v\.yaml \(artifact, visualisation\)/,
    );
    expect(() => checkLabels(d, ['artifact', 'other'])).not.toThrow();
  });

  it('uses data with other field names through a mapping', () => {
    const text = line({ query_id: 7, question: 'q?', matching_document: 'doc', gold: 'other' });
    const map = parseFieldMap('id=query_id,query=question,document=matching_document,label=gold');
    const [c] = loadDataset(file(text), map).cases;
    expect(c).toMatchObject({ id: '7', query: 'q?', document: 'doc', label: 'other' });
    expect(failure(() => loadDataset(file(line({ question: 'q' })), map))).toMatch(/missing field "id \(from "query_id"\)"/);
    expect(failure(() => parseFieldMap('idquery_id'))).toMatch(/--map: "idquery_id" is not FIELD=SOURCE_FIELD/);
    expect(failure(() => parseFieldMap('name=x'))).toMatch(/unknown field "name"/);
  });
});

describe('the validation/test split', () => {
  const ids = Array.from({ length: 2000 }, (_, i) => `case-${i}`);

  it('is about 70/30', () => {
    const share = ids.filter((id) => splitOf(id) === 'validation').length / ids.length;
    expect(share).toBeGreaterThan(VALIDATION_SHARE - 0.03);
    expect(share).toBeLessThan(VALIDATION_SHARE + 0.03);
  });

  it('depends on the id alone: appending and reordering cases moves no existing case', () => {
    const rows = ids.slice(0, 300).map((id) => line({ id, query: 'q' }));
    const before = loadDataset(file(rows.join('\n')));
    const after = loadDataset(file([...rows.slice(100), ...ids.slice(300, 500).map((id) => line({ id, query: 'q' })), ...rows.slice(0, 100)].join('\n')));
    const testBefore = new Set(selectSplit(before, 'test').map((c) => c.id));
    const testAfter = new Set(selectSplit(after, 'test').map((c) => c.id));
    for (const id of ids.slice(0, 300)) expect(testAfter.has(id)).toBe(testBefore.has(id));
    expect(selectSplit(before, 'validation').length + testBefore.size).toBe(300);
    expect(selectSplit(before, 'all')).toHaveLength(300);
  });
});

describe('predictions files', () => {
  it('reads predictions by id and names duplicate and malformed lines', () => {
    const p = readPredictions(file(`${line({ id: 'a', prediction: 'artifact' })}\n${line({ id: 2, prediction: 'x' })}`));
    expect([...p.entries()]).toEqual([
      ['a', { prediction: 'artifact', line: 1 }],
      ['2', { prediction: 'x', line: 2 }],
    ]);
    expect(failure(() => readPredictions(file(`${line({ id: 'a', prediction: 'x' })}\n${line({ id: 'a', prediction: 'y' })}`)))).toMatch(
      /d\.jsonl:2: duplicate prediction for id "a" \(first on line 1\)/,
    );
    expect(failure(() => readPredictions(file(line({ id: 'a' }))))).toMatch(/d\.jsonl:1: missing field "prediction"/);
  });
});
