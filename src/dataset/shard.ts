import { UserError } from '../core/errors.ts';
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

/**
 * The shards given to a merge, as one set: each joins with the same shard count as the first, no
 * index comes twice, and `complete()` refuses a set with an index missing. Every refusal names the
 * file it is about.
 */
export function shardSet(count: number, firstFile: string) {
  const byIndex = new Map<number, string>();
  return {
    add(shard: Shard, file: string): void {
      if (shard.count !== count) throw new UserError(`shard ${shard.index}/${shard.count} cannot join shards of ${count} (${firstFile})`, file);
      const twin = byIndex.get(shard.index);
      if (twin !== undefined) throw new UserError(`shard ${shard.index}/${count} is given twice (also ${twin})`, file);
      byIndex.set(shard.index, file);
    },
    complete(): void {
      const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
      if (missing.length > 0) throw new UserError(`shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} missing: merge needs all ${count}`, firstFile);
    },
  };
}
