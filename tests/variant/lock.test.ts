import { describe, expect, it } from 'vitest';
import { checkLock, updateLock, type Lock } from '../../src/variant/lock.ts';
import { tinyVariant, VARIANT_YAML } from '../helpers/variant.ts';

const empty: Lock = { lockfileVersion: 1, variants: {} };

describe('the variants lock', () => {
  const v1 = tinyVariant();
  const edited = tinyVariant(VARIANT_YAML.replace('Everything else.', 'Anything else.'));
  const bumped = tinyVariant(VARIANT_YAML.replace('Everything else.', 'Anything else.').replace('version: 1.0.0', 'version: 1.1.0'));

  it('records a new version and then finds nothing to report', () => {
    const { lock, added } = updateLock([v1], empty);
    expect(added).toEqual([v1]);
    expect(lock.variants).toEqual({ 'test/tiny': { '1.0.0': v1.hash } });
    expect(checkLock([v1], lock)).toEqual([]);
  });

  it('catches a content change without a version bump, and refuses to re-lock it without force', () => {
    const { lock } = updateLock([v1], empty);
    expect(checkLock([edited], lock)).toEqual([{ kind: 'changed', variant: edited, lockedHash: v1.hash }]);
    expect(updateLock([edited], lock).refused).toHaveLength(1);
    expect(updateLock([edited], lock, true).lock.variants['test/tiny']).toEqual({ '1.0.0': edited.hash });
  });

  it('accepts the change once the version is bumped, keeping the old version on record', () => {
    const { lock } = updateLock([v1], empty);
    expect(checkLock([bumped], lock)).toEqual([{ kind: 'unlocked', variant: bumped }]);
    expect(updateLock([bumped], lock).lock.variants['test/tiny']).toEqual({ '1.0.0': v1.hash, '1.1.0': bumped.hash });
  });
});
