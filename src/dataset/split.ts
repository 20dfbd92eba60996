import { sha256 } from '../core/hash.ts';

export const SPLITS = ['validation', 'test', 'all'] as const;
export type Split = (typeof SPLITS)[number];

/** Share of cases in the validation split; the rest is the held-out test split. */
export const VALIDATION_SHARE = 0.7;

/**
 * Which split a case belongs to, from its id alone: appending cases never moves an existing one,
 * and reordering the file changes nothing.
 */
export function splitOf(id: string): 'validation' | 'test' {
  const bucket = idBucket('split', id);
  return bucket < VALIDATION_SHARE ? 'validation' : 'test';
}

/** A case's place in [0, 1), from its id and a salt alone: the same on every machine, whatever the file order. */
export function idBucket(salt: string, id: string): number {
  return sha256().update(`labelgate-${salt}:${id}`).digest().readUInt32BE(0) / 2 ** 32;
}

export const inSplit = (id: string, split: Split): boolean => split === 'all' || splitOf(id) === split;
