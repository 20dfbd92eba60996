import { describe, expect, it } from 'vitest';
import { isUserError } from '../../src/core/errors.ts';
import { shardOf } from '../../src/dataset/shard.ts';
import type { CaseRow, Report } from '../../src/report/schema.ts';
import { mergeShards, type ShardReport } from '../../src/run/merge.ts';
import { LABELS, report, variant } from '../helpers/reports.ts';

// 40 cases in file order, with predictions that vary per variant so the metrics differ.
const ROWS: CaseRow[] = Array.from({ length: 40 }, (_, i) => ({ id: `c${i}`, gold: LABELS[i % 4]!, prediction: LABELS[(i * 7) % 5 === 0 ? (i + 1) % 4 : i % 4]!, latencyMs: i }));
const ALT: CaseRow[] = ROWS.map((r, i) => ({ ...r, prediction: i % 3 === 0 ? 'other' : r.prediction }));
const CREATED = '2026-11-24T00:00:00.000Z';

const whole = (): Report => report([variant('a', ROWS), variant('b', ALT)], { size: 40, totalSize: 40 });

/** Shard `index` of `count` as eval writes it: the rows of its cases, in file order, with their places. */
function shard(index: number, count: number, edit: (r: Report) => void = () => {}): ShardReport {
  const positions = ROWS.flatMap((r, p) => (shardOf(r.id, count) === index ? [p] : []));
  const pick = (rows: CaseRow[]) => positions.map((p) => rows[p]!);
  const r = report([variant('a', pick(ROWS)), variant('b', pick(ALT))], { size: positions.length, totalSize: 40, shard: { index, count, positions } });
  edit(r);
  return { file: `shard-${index}.json`, report: r };
}

function refusal(shards: ShardReport[]): { message: string; file: string | undefined } {
  try {
    mergeShards(shards, CREATED);
  } catch (e) {
    if (!isUserError(e)) throw e;
    return { message: e.message, file: e.file };
  }
  throw new Error('merge did not refuse');
}

describe('mergeShards', () => {
  it('gives the whole run: rows in file order, every metric recomputed, whatever order the shards come in', () => {
    for (const count of [1, 3, 5]) {
      const shards = Array.from({ length: count }, (_, i) => shard(i + 1, count)).reverse();
      expect(shards.every((s) => s.report.dataset.size > 0)).toBe(true);
      expect(mergeShards(shards, CREATED)).toEqual(whole());
    }
  });

  it('differs from any single shard (the metrics really are recomputed)', () => {
    const merged = mergeShards([shard(1, 3), shard(2, 3), shard(3, 3)], CREATED);
    expect(merged.variants[0]!.metrics.accuracy).toBe(whole().variants[0]!.metrics.accuracy);
    expect(shard(1, 3).report.variants[0]!.metrics.confusion.matrix).not.toEqual(merged.variants[0]!.metrics.confusion.matrix);
    expect(merged.dataset.shard).toBeUndefined();
  });

  it('refuses shards that do not belong together, naming the file', () => {
    const s1 = shard(1, 3);
    const s2 = shard(2, 3);
    const s3 = shard(3, 3);
    const cases: [ShardReport[], RegExp, string | undefined][] = [
      [[s1, s2, shard(3, 3, (r) => (r.dataset.hash = 'other'))], /dataset hash "other" differs .* in shard-1\.json/, 'shard-3.json'],
      [[s1, s2, shard(3, 3, (r) => (r.dataset.split = 'test'))], /split "test" differs/, 'shard-3.json'],
      [[s1, shard(2, 3, (r) => (r.variants[1]!.version = '2.0.0')), s3], /variant "b" is 2\.0\.0 .* but 1\.0\.0/, 'shard-2.json'],
      [[s1, shard(2, 3, (r) => (r.variants[1]!.hash = 'sha256:changed')), s3], /variant "b" is 1\.0\.0 \(sha256:changed/, 'shard-2.json'],
      [[s1, shard(2, 3, (r) => (r.variants[1]!.model = 'gpt-x')), s3], /variant "b"/, 'shard-2.json'],
      [[s1, shard(2, 3, (r) => r.variants.reverse()), s3], /variants b, a differ from a, b/, 'shard-2.json'],
      [[s1, s2, shard(1, 2)], /shard 1\/2 cannot join shards of 3/, 'shard-1.json'],
      [[s1, s2, s2], /shard 2\/3 is given twice \(also shard-2\.json\)/, 'shard-2.json'],
      [[s1, s3], /shard 2\/3 missing: merge needs all 3/, 'shard-1.json'],
      [[s1, s2, { ...s3, report: whole() }], /not a shard report/, 'shard-3.json'],
      [[], /needs the shard reports/, undefined],
    ];
    for (const [shards, message, file] of cases) {
      const r = refusal(shards);
      expect(r.message).toMatch(message);
      expect(r.file).toBe(file);
    }
  });

  it('refuses overlapping, stray or misplaced cases', () => {
    const s1 = shard(1, 2);
    const s2 = shard(2, 2);
    const foreign = s1.report.variants[0]!.cases[0]!.id;
    // A case of shard 1 copied into shard 2 (as a hand-joined file would have it).
    const overlap = shard(2, 2, (r) => {
      r.dataset.shard!.positions.push(s1.report.dataset.shard!.positions[0]!);
      for (const [k, v] of r.variants.entries()) v.cases.push(s1.report.variants[k]!.cases[0]!);
    });
    expect(refusal([s1, overlap]).message).toMatch(new RegExp(`case "${foreign}" belongs to shard 1/2, not 2/2`));
    // The same id under a place of its own: still one case in two shards.
    const twice = { file: 'shard-1b.json', report: structuredClone(s1.report) };
    twice.report.dataset.shard!.index = 2;
    expect(refusal([s1, twice])).toMatchObject({ file: 'shard-1b.json' });
    // Two shards claiming one place.
    const misplaced = shard(2, 2, (r) => (r.dataset.shard!.positions[0] = s1.report.dataset.shard!.positions[0]!));
    expect(refusal([s1, misplaced]).message).toMatch(/claims place \d+ of the split, held by "c\d+" in shard-1\.json/);
    // Rows and positions out of step, or variants holding different cases.
    expect(refusal([s1, shard(2, 2, (r) => r.dataset.shard!.positions.pop())]).message).toMatch(/rows but the shard lists/);
    expect(refusal([s1, shard(2, 2, (r) => r.variants[1]!.cases.reverse())]).message).toMatch(/variant "b" does not hold the same cases as "a"/);
    expect(mergeShards([s2, s1], CREATED)).toEqual(whole());
  });
});
