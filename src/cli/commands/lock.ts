import { UserError } from '../../errors.ts';
import { termMessage } from '../../render/escape.ts';
import { loadVariants } from '../../variant/load.ts';
import { checkLock, describeLockProblem, LOCK_FILE, readLock, updateLock, writeLock } from '../../variant/lock.ts';
import { variantId } from '../../variant/schema.ts';
import { parse } from '../args.ts';

const HELP = `usage: labelgate lock [--variants DIR|FILE,...] [--check] [--force]

Records each variant version's content hash in ${LOCK_FILE}.
  --check   only check: exit 1 if a variant changed without a version bump or is not locked
  --force   re-record a version whose content changed (only before anyone relied on it)`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    variants: { type: 'string', default: 'prompts' },
    check: { type: 'boolean', default: false },
    force: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const variants = loadVariants([values.variants]);
  const lock = readLock();
  if (values.check) {
    const problems = checkLock(variants, lock);
    for (const p of problems) console.error(termMessage(`${p.variant.path}: ${describeLockProblem(p)}`));
    if (problems.length === 0) console.log(`${variants.length} variants match ${LOCK_FILE}`);
    return problems.length === 0 ? 0 : 1;
  }
  const { lock: next, added, refused } = updateLock(variants, lock, values.force);
  if (refused.length > 0) {
    const p = refused[0]!;
    throw new UserError(describeLockProblem(p).replace(/: bump .*$/, ': bump "version" (or pass --force)'), p.variant.path);
  }
  writeLock(next);
  console.log(added.length === 0 ? `${LOCK_FILE} is up to date` : `locked ${added.map(variantId).join(', ')} in ${LOCK_FILE}`);
  return 0;
}
