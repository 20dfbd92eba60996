import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.ts';
import { shardOf } from '../../src/dataset/shard.ts';
import { combineRuns, summarizeRepeats } from '../../src/metrics/repeats.ts';
import { buildVariantResult } from '../../src/metrics/variant-result.ts';
import { buildReport } from '../../src/report/build.ts';
import type { CaseRow } from '../../src/report/schema.ts';
import { mergeShards } from '../../src/run/merge.ts';
import { ANSWERS, GOLD } from '../fixtures/repeat/flaky-classifier.ts';

const LABELS = ['artifact', 'integrations', 'visualisation', 'other'];
const recorded = (a: string) => (a === 'throw' ? 'error' : LABELS.includes(a) ? a : 'invalid');
const ids = Object.keys(ANSWERS);
const rowsOf = (part: string[], runs: number): CaseRow[] =>
  combineRuns(Array.from({ length: runs }, (_, run) => part.map((id) => ({ id, gold: GOLD[id]!, prediction: recorded(ANSWERS[id]![run]!) }))));

function shard(index: number, runs = 3) {
  const part = ids.filter((id) => shardOf(id, 2) === index);
  const positions = part.map((id) => ids.indexOf(id));
  return {
    file: `shard-${index}.json`,
    report: buildReport({
      dataset: { path: 'small.jsonl', hash: 'h', size: part.length, labels: LABELS, split: 'all', shard: { index, count: 2, positions } },
      variants: [buildVariantResult({ name: 'v3', version: '3.0.0', hash: 'h3', labels: LABELS, backend: 'module', cases: rowsOf(part, runs) })],
    }),
  };
}

describe('merging the shards of a repeated run', () => {
  it('recomputes the repeats section over all the rows, as one unsharded run gives it', () => {
    const merged = mergeShards([shard(2), shard(1)]);
    expect(merged.variants[0]!.repeats).toEqual(summarizeRepeats(rowsOf(ids, 3), LABELS));
    expect(merged.variants[0]!.repeats!.flipRate).toBeCloseTo(1 / 3, 12);
  });

  it('refuses shards run a different number of times', () => {
    expect(() => mergeShards([shard(1, 3), shard(2, 2)])).toThrow(UserError);
    expect(() => mergeShards([shard(1, 3), shard(2, 2)])).toThrow(/run 2 time\(s\) per case here but 3/);
  });
});
