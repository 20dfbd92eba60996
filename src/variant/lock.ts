import { existsSync } from 'node:fs';
import * as z from 'zod';
import { schemaError, UserError } from '../core/errors.ts';
import { readText, writeFileAtomic } from '../core/files.ts';
import type { Variant } from './schema.ts';

/**
 * The committed record of which content each variant version had. A variant whose content changed
 * while its version did not is caught against it; a new version is recorded by `labelgate lock`.
 */
export const LOCK_FILE = 'prompts/variants.lock.json';

const LockSchema = z.strictObject({
  lockfileVersion: z.literal(1),
  /** `task/name` → version → content hash. */
  variants: z.record(z.string(), z.record(z.string(), z.string())),
});
export type Lock = z.infer<typeof LockSchema>;

export type LockProblem =
  | { kind: 'changed'; variant: Variant; lockedHash: string }
  | { kind: 'unlocked'; variant: Variant };

const keyOf = (v: Variant) => `${v.task}/${v.name}`;

export function readLock(file = LOCK_FILE): Lock {
  if (!existsSync(file)) return { lockfileVersion: 1, variants: {} };
  let data: unknown;
  try {
    data = JSON.parse(readText(file));
  } catch (e) {
    throw new UserError(`not valid JSON: ${(e as Error).message}`, file);
  }
  const result = LockSchema.safeParse(data);
  if (!result.success) throw schemaError(result.error, file, { what: 'not a variants lock' });
  return result.data;
}

/** Pure check of variants against a lock. */
export function checkLock(variants: Variant[], lock: Lock): LockProblem[] {
  const problems: LockProblem[] = [];
  for (const v of variants) {
    const locked = lock.variants[keyOf(v)]?.[v.version];
    if (locked === undefined) problems.push({ kind: 'unlocked', variant: v });
    else if (locked !== v.hash) problems.push({ kind: 'changed', variant: v, lockedHash: locked });
  }
  return problems;
}

export function describeLockProblem(p: LockProblem, lockFile = LOCK_FILE): string {
  return p.kind === 'changed'
    ? `content changed but version ${p.variant.version} did not (locked hash ${p.lockedHash}, now ${p.variant.hash}): bump "version" and run \`npx labelgate lock\``
    : `version ${p.variant.version} is not in ${lockFile}: run \`npx labelgate lock\` and commit it`;
}

/** Adds every unlocked version; a changed one is refused unless `force` (e.g. fixing a typo before anyone relied on it). */
export function updateLock(variants: Variant[], lock: Lock, force = false): { lock: Lock; added: Variant[]; refused: LockProblem[] } {
  const next: Lock = { lockfileVersion: 1, variants: structuredClone(lock.variants) };
  const added: Variant[] = [];
  const refused: LockProblem[] = [];
  for (const p of checkLock(variants, lock)) {
    if (p.kind === 'changed' && !force) {
      refused.push(p);
      continue;
    }
    (next.variants[keyOf(p.variant)] ??= {})[p.variant.version] = p.variant.hash;
    added.push(p.variant);
  }
  const sorted = Object.fromEntries(Object.entries(next.variants).sort(([a], [b]) => a.localeCompare(b)));
  return { lock: { lockfileVersion: 1, variants: sorted }, added, refused };
}

export function writeLock(lock: Lock, file = LOCK_FILE): void {
  writeFileAtomic(file, `${JSON.stringify(lock, null, 2)}\n`);
}
