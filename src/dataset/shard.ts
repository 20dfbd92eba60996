import { idBucket } from './split.ts';

/** One of `count` disjoint parts of the cases; `index` counts from 1, as in `--shard 2/3`. */
export interface Shard {
  index: number;
  count: number;
}

/**
 * Which shard a case belongs to, from its id alone (as the split is, under another salt so shards
 * cut across validation and test alike): every machine computes the same parts, each case lands in
 * exactly one, and appending cases never moves an existing one.
 */
export function shardOf(id: string, count: number): number {
  return Math.floor(idBucket('shard', id) * count) + 1;
}

export const inShard = (id: string, shard: Shard): boolean => shardOf(id, shard.count) === shard.index;
