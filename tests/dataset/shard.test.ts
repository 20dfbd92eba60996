import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseShard } from '../../src/cli/args.ts';
import { isUserError } from '../../src/core/errors.ts';
import { inShard, shardOf } from '../../src/dataset/shard.ts';
import { splitOf } from '../../src/dataset/split.ts';

const ids = Array.from({ length: 3000 }, (_, i) => `case-${i}`);

describe('shardOf', () => {
  it('puts every case in exactly one of n shards, the same on every call', () => {
    for (const n of [1, 2, 3, 7]) {
      for (const id of ids.slice(0, 500)) {
        const owners = Array.from({ length: n }, (_, i) => i + 1).filter((index) => inShard(id, { index, count: n }));
        expect(owners).toEqual([shardOf(id, n)]);
      }
    }
  });

  it('is the salted sha256 bucket, computed independently here', () => {
    // floor(first 32 bits / 2^32 * n) + 1, written with BigInt arithmetic instead of floats.
    const expected = (id: string, n: number) => Number((BigInt(`0x${createHash('sha256').update(`labelgate-shard:${id}`).digest('hex').slice(0, 8)}`) * BigInt(n)) >> 32n) + 1;
    for (const id of ['da-0001', 'x', '', 'ü'.repeat(9), ...ids.slice(0, 200)]) for (const n of [2, 3, 16]) expect(shardOf(id, n)).toBe(expected(id, n));
  });

  it('spreads cases evenly and across the split', () => {
    const sizes = [0, 0, 0];
    const validationPerShard = [0, 0, 0];
    for (const id of ids) {
      const s = shardOf(id, 3) - 1;
      sizes[s]!++;
      if (splitOf(id) === 'validation') validationPerShard[s]!++;
    }
    // 3000 cases in 3 shards: each within 5 binomial standard deviations (sd ≈ 25.8) of 1000.
    for (const n of sizes) expect(Math.abs(n - 1000)).toBeLessThan(130);
    // A different salt than the split's: each shard holds about 70% validation cases, not all or none.
    for (const [s, n] of validationPerShard.entries()) expect(n / sizes[s]!).toBeGreaterThan(0.6);
    for (const [s, n] of validationPerShard.entries()) expect(n / sizes[s]!).toBeLessThan(0.8);
  });
});

describe('--shard i/n', () => {
  it('parses i/n counting from 1', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    expect(parseShard(' 1/1 ')).toEqual({ index: 1, count: 1 });
    expect(parseShard(undefined)).toBeUndefined();
  });

  it.each(['0/3', '4/3', '1/0', '3', '1/2/3', 'a/b', '-1/3', '1.5/3', ''])('refuses %j', (spec) => {
    let error: unknown;
    try {
      parseShard(spec);
    } catch (e) {
      error = e;
    }
    expect(isUserError(error)).toBe(true);
    expect((error as Error).message).toMatch(/--shard must be i\/n/);
  });
});
