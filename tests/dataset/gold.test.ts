import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/dataset/load.ts';
import { appendSkipped, GoldFile, goldLine, readGold, readSkipped, skippedFile, type Decision } from '../../src/dataset/gold.ts';
import { loadWeakLabels } from '../../src/dataset/weak.ts';
import { tmpDir } from '../helpers/tmp.ts';
import { failure } from '../helpers/user-error.ts';
import { REVIEW_LABELS, reviewCases, writeWeak } from '../tui/review-fixture.ts';

const line = (o: unknown) => `${JSON.stringify(o)}\n`;
const good = { id: 'c1', query: 'q', proposal: { label: 'other', by: 'v3@3.0.0', backend: 'offline' }, opinions: [{ variant: 'v3@3.0.0', label: 'other' }], agreed: true };

describe('weak-label files', () => {
  it('reads the cases as written, with their lines', () => {
    const file = writeWeak(tmpDir());
    const cases = loadWeakLabels(file).lines;
    expect(cases).toEqual(reviewCases());
    expect(cases[4]!.proposal).toBeNull();
  });

  it('names the file, the line and the field of a mistake', () => {
    const dir = tmpDir({
      'no-agreed.jsonl': line(good) + line({ ...good, id: 'c2', agreed: undefined }),
      'bad-proposal.jsonl': line({ ...good, proposal: { label: 'other', by: 'v3@3.0.0' } }),
      'dup.jsonl': line(good) + line(good),
      'opinion.jsonl': line({ ...good, opinions: [{ variant: 'v1', label: '' }] }),
    });
    expect(failure(() => loadWeakLabels(`${dir}/no-agreed.jsonl`))).toBe(`${dir}/no-agreed.jsonl:2: missing field "agreed"`);
    expect(failure(() => loadWeakLabels(`${dir}/bad-proposal.jsonl`))).toMatch(new RegExp(`^${dir}/bad-proposal\\.jsonl:1: missing field "proposal\\.backend"`));
    expect(failure(() => loadWeakLabels(`${dir}/dup.jsonl`))).toBe(`${dir}/dup.jsonl:2: duplicate id "c1" (first on line 1)`);
    expect(failure(() => loadWeakLabels(`${dir}/opinion.jsonl`))).toMatch(/opinion\.jsonl:1: field "opinions\.0\.label": /);
  });
});

describe('the gold file', () => {
  const cases = reviewCases();
  const accepted: Decision = { id: 'c2', decision: 'accepted', label: 'integrations', at: '2026-11-26T10:00:00.000Z' };
  const flagged: Decision = { id: 'c4', decision: 'flagged', at: '2026-11-26T10:01:00.000Z' };

  it('is an ordinary dataset: the label, the case as it came, and the provenance in metadata.review', () => {
    const text = goldLine(cases[1]!, accepted, 'Ada') + goldLine(cases[3]!, flagged, 'Ada');
    const [a, f] = text.trim().split('\n').map((l) => JSON.parse(l));
    expect(a).toEqual({
      id: 'c2',
      query: 'question c2',
      document: 'document of c2',
      label: 'integrations',
      metadata: { source: 'chat', review: { decision: 'accepted', proposal: { label: 'integrations', by: 'v3@3.0.0', backend: 'offline' }, reviewer: 'Ada', at: '2026-11-26T10:00:00.000Z' } },
    });
    expect(f).not.toHaveProperty('label');
    expect(f.metadata.review.decision).toBe('flagged');
    const file = `${tmpDir({ 'gold.jsonl': text })}/gold.jsonl`;
    const dataset = loadDataset(file);
    expect(dataset.cases.map((c) => [c.id, c.label])).toEqual([
      ['c2', 'integrations'],
      ['c4', undefined],
    ]);
    expect(readGold(file, REVIEW_LABELS)).toEqual([
      { ...accepted, line: 1 },
      { ...flagged, line: 2 },
    ]);
  });

  it('appends one line per decision and takes one back by rewriting the file without it', () => {
    const file = `${tmpDir()}/sub/gold.jsonl`;
    const gold = new GoldFile(file, []);
    gold.append(cases[1]!, accepted, 'Ada');
    gold.append(cases[3]!, flagged, 'Ada');
    gold.append(cases[0]!, { id: 'c1', decision: 'corrected', label: 'other', at: '2026-11-26T10:02:00.000Z' }, 'Ada');
    expect(() => gold.append(cases[1]!, accepted, 'Ada')).toThrow(/already in/);
    gold.remove('c4');
    expect(readGold(file, REVIEW_LABELS).map((d) => d.id)).toEqual(['c2', 'c1']);
    expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(3);
    gold.append(cases[3]!, flagged, 'Ada');
    expect(readGold(file, REVIEW_LABELS).map((d) => d.id)).toEqual(['c2', 'c1', 'c4']);
  });

  it('keeps the lines of cases it does not know, and completes a whole last line that lost its newline', () => {
    const dir = tmpDir();
    const file = `${dir}/gold.jsonl`;
    const other = goldLine({ ...cases[0]!, id: 'elsewhere' }, { ...accepted, id: 'elsewhere' }, 'Bo');
    writeFileSync(file, other + goldLine(cases[1]!, accepted, 'Ada').trimEnd());
    const decided = readGold(file, REVIEW_LABELS);
    const gold = new GoldFile(file, decided.map((d) => d.id));
    gold.append(cases[3]!, flagged, 'Ada');
    gold.remove('c2');
    expect(readFileSync(file, 'utf8')).toBe(other + goldLine(cases[3]!, flagged, 'Ada'));
  });

  it('refuses a file it did not write, a label outside the set, two lines for one case and a cut last line', () => {
    const c = cases[1]!;
    const ok = goldLine(c, accepted, 'Ada');
    const dir = tmpDir({
      'plain.jsonl': line({ id: 'a', query: 'q', label: 'other' }),
      'label.jsonl': ok.replace('"label":"integrations"', '"label":"billing"'),
      'dup.jsonl': ok + ok,
      'flag.jsonl': ok.replace('"decision":"accepted"', '"decision":"flagged"'),
      'cut.jsonl': ok + ok.slice(0, 40),
    });
    expect(failure(() => readGold(`${dir}/plain.jsonl`, REVIEW_LABELS))).toMatch(/plain\.jsonl:1: metadata\.review: is required \(give --out a file that review writes\)/);
    expect(failure(() => readGold(`${dir}/label.jsonl`, REVIEW_LABELS))).toMatch(/label\.jsonl:1: label "billing" is not in the label set \(artifact, integrations, visualisation, other\)/);
    expect(failure(() => readGold(`${dir}/dup.jsonl`, REVIEW_LABELS))).toMatch(/dup\.jsonl:2: duplicate id "c2" \(first on line 1\)/);
    expect(failure(() => readGold(`${dir}/flag.jsonl`, REVIEW_LABELS))).toMatch(/flag\.jsonl:1: case "c2" is flagged but has a label/);
    expect(failure(() => readGold(`${dir}/cut.jsonl`, REVIEW_LABELS))).toMatch(/cut\.jsonl:2: the last line is incomplete/);
    expect(readGold(`${dir}/absent.jsonl`, REVIEW_LABELS)).toEqual([]);
  });

  it('remembers skips next to it, only for their order', () => {
    const file = `${tmpDir()}/gold.jsonl`;
    appendSkipped(skippedFile(file), 'c2');
    appendSkipped(skippedFile(file), 'c\n5');
    expect(readSkipped(skippedFile(file))).toEqual(new Set(['c2', 'c\n5']));
    expect(readSkipped(`${file}.absent`)).toEqual(new Set());
  });
});
