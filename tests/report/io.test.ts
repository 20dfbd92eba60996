import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { schemaError, UserError } from '../../src/core/errors.ts';
import { jsonText } from '../../src/core/text.ts';
import { readReport, readReportHead, writeReport } from '../../src/report/io.ts';
import { migrateReport } from '../../src/report/migrate.ts';
import { checkedRows, isPlainCaseRow } from '../../src/report/rows.ts';
import { CaseRowSchema, ReportSchema, type CaseRow, type Report } from '../../src/report/schema.ts';
import { mulberry32 } from '../../src/metrics/random.ts';
import { report, variant } from '../helpers/reports.ts';
import { tmpDir } from '../helpers/tmp.ts';

/** How readReport read a report before rows got their own check: the whole text parsed, the whole schema. Errors as values, to compare. */
function zodRead(file: string): Report | string {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    return new UserError(`not a JSON report: ${(e as Error).message}`, file).format();
  }
  try {
    const r = ReportSchema.safeParse(migrateReport(data, file));
    return r.success ? r.data : schemaError(r.error, file, { what: 'not a labelgate report' }).format();
  } catch (e) {
    return (e as UserError).format();
  }
}

function read(file: string): Report | string {
  try {
    return readReport(file);
  } catch (e) {
    if (e instanceof UserError) return e.format();
    throw e;
  }
}

const HOSTILE = 'bidi \u202e override, C1 \u009b, line sep \u2028, quote " and \\ backslash, {{ env.X }}';

function sample(): Report {
  const rows = (prefix: string): CaseRow[] =>
    Array.from({ length: 7 }, (_, i) => ({
      id: `${prefix}-${i}`,
      gold: i === 6 ? null : i % 2 ? 'other' : 'artifact',
      prediction: i % 3 ? 'other' : 'artifact',
      ...(i === 1 && { raw: HOSTILE, reason: 'why' }),
      latencyMs: 10 + i,
      ...(i === 2 && { tokens: { prompt: 90, completion: 3, total: 93, cached: 64 } }),
      ...(i === 3 && { costUsd: 0.0001 }),
      query: i === 4 ? HOSTILE : `query ${i}`,
    }));
  return report([variant('v1', rows('a')), variant('v2', rows('a'), { changelog: HOSTILE })]);
}

describe('report files', () => {
  it('write one case row per line, the rest indented as JSON.stringify does, nothing that can drive a terminal', () => {
    const r = sample();
    const file = path.join(tmpDir(), 'r.json');
    writeReport(file, r);
    const text = readFileSync(file, 'utf8');
    expect(JSON.parse(text)).toEqual(r);
    for (const v of r.variants) {
      v.cases.forEach((row, i) => expect(text).toContain(`\n        ${jsonText(row, 0)}${i < v.cases.length - 1 ? ',' : ''}\n`));
    }
    // With the rows put back on many lines, the text is the usual two-space JSON.
    const rowsSpread = text.replace(/^ {8}(\{.*\}),?$/gm, (line, row: string) => line.replace(row, jsonText(JSON.parse(row)).replaceAll('\n', '\n        ')));
    expect(rowsSpread).toBe(`${jsonText(JSON.parse(text))}\n`);
    expect(text).not.toMatch(/[\u0080-\u009f\u202a-\u202e\u2028\u2029]/);
  });

  it('are read back as written, and a report in the older layout reads the same', () => {
    const r = sample();
    const dir = tmpDir();
    writeReport(path.join(dir, 'new.json'), r);
    writeFileSync(path.join(dir, 'old.json'), `${jsonText(r)}\n`);
    expect(readReport(path.join(dir, 'new.json'))).toEqual(r);
    expect(readReport(path.join(dir, 'old.json'))).toEqual(r);
  });

  it('give their metrics before their rows; the rows then come as a whole read gives them', () => {
    const r = sample();
    const file = path.join(tmpDir(), 'r.json');
    writeReport(file, r);
    const head = readReportHead(file);
    expect(head.rowsPending).toBe(true);
    expect(head.report).toEqual({ ...r, variants: r.variants.map((v) => ({ ...v, cases: [] })) });
    expect(head.full()).toEqual(r);
    const old = path.join(tmpDir(), 'old.json');
    writeFileSync(old, JSON.stringify(r));
    expect(readReportHead(old)).toMatchObject({ rowsPending: false, report: r });
  });

  it('with a bad row: the error a whole-schema read gives, after the head was read', () => {
    const file = path.join(tmpDir(), 'r.json');
    writeReport(file, sample());
    const text = readFileSync(file, 'utf8');
    const bad = [
      text.replace('"prediction":"other"', '"prediction":5'),
      text.replace('"latencyMs":12', '"latencyMs":-1'),
      text.replace('"total":93', '"total":9.5'),
      text.replace('{"id":"a-5","gold":"other"', '{"id":"a-5","gold":7'),
      text.replace('{"id":"a-5",', '{"gold":"other",'),
    ];
    for (const t of bad) {
      expect(t).not.toBe(text);
      writeFileSync(file, t);
      const expected = zodRead(file);
      expect(expected).toMatch(/^.*r\.json: not a labelgate report: variants\.\d\.cases\.\d\./);
      expect(read(file)).toBe(expected);
      const head = readReportHead(file);
      expect(head.rowsPending).toBe(true);
      expect(() => head.full()).toThrow(UserError);
    }
  });

  it('read exactly as a whole-schema read, whatever the file holds (crafted layouts, stray keys, broken text)', () => {
    const r = sample();
    const file = path.join(tmpDir(), 'r.json');
    writeReport(file, r);
    const text = readFileSync(file, 'utf8');
    const rowsOpen = '      "cases": [\n';
    const variants: string[] = [
      // A row with a key the schema drops, and a variant with a key after its rows.
      text.replace('{"id":"a-3",', '{"extra":1,"id":"a-3",'),
      text.replace('\n      ]\n    },', '\n      ],\n      "later": 1\n    },'),
      // A block-like array somewhere else, and one variant's rows moved out.
      text.replace('  "createdAt"', `  "decoy": {\n${rowsOpen}        {"id":"x"}\n      ]\n    },\n  "createdAt"`),
      text.replace(rowsOpen, '      "cases": [],\n      "moved": [\n'),
      // Text that is not JSON, a truncated file, an older schema version, a newer one.
      text.replace('"id":"a-2"', '"id":a-2'),
      text.slice(0, text.length - 40),
      text.replace('"schemaVersion": 1', '"schemaVersion": 0'),
      text.replace('"schemaVersion": 1', '"schemaVersion": 2'),
      // Every variant's rows empty, and none at all.
      text.replace(/"cases": \[\n[\s\S]*?\n {6}\]/g, '"cases": []'),
      text.replace(/,\n {6}"cases": \[\n[\s\S]*?\n {6}\]/g, ''),
    ];
    for (const t of variants) {
      expect(t).not.toBe(text);
      writeFileSync(file, t);
      expect(read(file)).toEqual(zodRead(file));
    }
  });
});

describe('the hand-written row check', () => {
  /** Rows with every field present, absent or of a wrong kind, seeded. */
  function randomRows(n: number): unknown[] {
    const rng = mulberry32(7);
    const pick = <T,>(xs: T[]): T => xs[Math.floor(rng() * xs.length)]!;
    const str = ['', 'a', 'other', HOSTILE];
    const num = [0, -0, 1, 2.5, -1, 1e308, Infinity, NaN, 2 ** 53, '3'];
    const count = [0, 5, 900, -1, 1.5, 2 ** 53, '1', null];
    const field = (values: unknown[]) => (rng() < 0.3 ? undefined : pick(values));
    return Array.from({ length: n }, () => {
      const row: Record<string, unknown> = {
        id: rng() < 0.95 ? pick(str) : pick([1, null]),
        gold: rng() < 0.95 ? pick([...str, null]) : 3,
        prediction: rng() < 0.95 ? pick(str) : undefined,
      };
      for (const k of ['raw', 'reason', 'query']) if (rng() < 0.5) row[k] = rng() < 0.9 ? pick(str) : pick([1, null, undefined]);
      for (const k of ['latencyMs', 'costUsd']) if (rng() < 0.5) row[k] = pick(num);
      if (rng() < 0.4) {
        const t: Record<string, unknown> = { prompt: field(count), completion: field(count), total: field(count), cached: field(count) };
        if (rng() < 0.1) t.other = 1;
        row.tokens = rng() < 0.9 ? t : pick([null, 'x', []]);
      }
      if (rng() < 0.1) row.unknown = 'dropped';
      return row;
    });
  }

  it('vouches only for rows zod accepts and returns unchanged; checkedRows gives what zod gives', () => {
    const rows = randomRows(2000);
    let plain = 0;
    for (const row of rows) {
      const z = CaseRowSchema.safeParse(row);
      if (isPlainCaseRow(row)) {
        plain++;
        expect(z.success).toBe(true);
        expect(z.data).toEqual(row);
      }
      const checked = checkedRows([row]);
      expect(checked === null ? null : checked[0]).toEqual(z.success ? z.data : null);
    }
    // The sample exercises both sides.
    expect(plain).toBeGreaterThan(100);
    expect(plain).toBeLessThan(1900);
  });

  it('knows every field of the schema (a field it does not know would send every row through zod)', () => {
    const row = { id: 'a', gold: 'x', prediction: 'x', raw: 'r', reason: 'r', latencyMs: 1, tokens: { prompt: 1, completion: 1, total: 2, cached: 1 }, costUsd: 0.1, query: 'q', runs: ['x', 'y'], agreement: 0.5 };
    expect(Object.keys(row).sort()).toEqual(Object.keys(CaseRowSchema.shape).sort());
    expect(isPlainCaseRow(row)).toBe(true);
    // What the schema refuses, the hand check does not pass on: zod then says why.
    expect(isPlainCaseRow({ ...row, runs: ['x'] })).toBe(false);
    expect(isPlainCaseRow({ ...row, agreement: 1.5 })).toBe(false);
  });
});
