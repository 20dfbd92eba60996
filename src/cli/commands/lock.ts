import { UserError } from '../../core/errors.ts';
import { termMessage } from '../../core/text.ts';
import { loadProjectConfig } from '../../run/config.ts';
import { resolveRunOptions } from '../../run/options.ts';
import { loadVariants } from '../../variant/load.ts';
import { checkLock, describeLockProblem, readLock, updateLock, writeLock } from '../../variant/lock.ts';
import { variantId } from '../../variant/schema.ts';
import { parse } from '../args.ts';

const HELP = `usage: labelgate lock [--variants DIR|FILE,...] [--check] [--force]

Records each variant version's content hash in the variants lock (labelgate.config.yaml's "lock",
default prompts/variants.lock.json).
  --variants DIR|FILE[,...]  (default: labelgate.config.yaml's "variants", else prompts)
  --check   only check: exit 1 if a variant changed without a version bump or is not locked
  --force   re-record a version whose content changed (only before anyone relied on it)
  --config FILE  project defaults (default: labelgate.config.yaml if present)`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    variants: { type: 'string', multiple: true },
    check: { type: 'boolean', default: false },
    force: { type: 'boolean', default: false },
    config: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const options = resolveRunOptions({ ...(values.variants && { variants: values.variants }) }, loadProjectConfig(values.config));
  const lockFile = options.lockFile;
  const variants = loadVariants(options.variants);
  const lock = readLock(lockFile);
  if (values.check) {
    const problems = checkLock(variants, lock);
    for (const p of problems) console.error(termMessage(`${p.variant.path}: ${describeLockProblem(p, lockFile)}`));
    if (problems.length === 0) console.log(`${variants.length} variants match ${lockFile}`);
    return problems.length === 0 ? 0 : 1;
  }
  const { lock: next, added, refused } = updateLock(variants, lock, values.force);
  if (refused.length > 0) {
    const p = refused[0]!;
    throw new UserError(describeLockProblem(p, lockFile).replace(/: bump .*$/, ': bump "version" (or pass --force)'), p.variant.path);
  }
  writeLock(next, lockFile);
  console.log(added.length === 0 ? `${lockFile} is up to date` : `locked ${added.map(variantId).join(', ')} in ${lockFile}`);
  return 0;
}
