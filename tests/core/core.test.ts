import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { firstIssue, schemaError, UserError } from '../../src/core/errors.ts';
import { readText, stripBom, writeFileAtomic } from '../../src/core/files.ts';
import { canonicalJson, shortHash, shortSha } from '../../src/core/hash.ts';
import { ERROR, INVALID, isOutcome, MISSING, reservedReason, RESERVED_LABELS } from '../../src/core/outcome.ts';
import { displayWidth } from '../../src/core/text.ts';
import { migrateReport } from '../../src/report/migrate.ts';
import { tmpDir } from '../helpers/tmp.ts';

describe('the outcome vocabulary', () => {
  it('names each outcome once and reserves them as label names', () => {
    expect([INVALID, ERROR, MISSING]).toEqual(['invalid', 'error', '(missing)']);
    expect(isOutcome('invalid')).toBe(true);
    expect(isOutcome('error')).toBe(true);
    expect(isOutcome('other')).toBe(false);
    expect(isOutcome(MISSING)).toBe(false);
    expect(RESERVED_LABELS).toEqual(['invalid', 'error', '__proto__']);
    expect(reservedReason('error')).toMatch(/prediction outcome/);
    expect(reservedReason('__proto__')).toMatch(/key/);
    expect(reservedReason('billing')).toBeUndefined();
  });
});

describe('files', () => {
  it('reads text without its byte-order mark, and names the file when it cannot', () => {
    const dir = tmpDir({ 'bom.txt': '\uFEFFhello' });
    expect(readText(path.join(dir, 'bom.txt'))).toBe('hello');
    expect(stripBom('\uFEFF\uFEFFx')).toBe('\uFEFFx'); // only the first is a mark
    expect(() => readText(path.join(dir, 'nope.txt'), 'report')).toThrow(/cannot read report \(ENOENT\)/);
    expect(() => readText(dir)).toThrow(/is a folder/);
  });

  it('writes atomically: the whole text or nothing, never a temporary file left behind', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'sub', 'out.json');
    writeFileAtomic(file, '{"a":1}\n');
    expect(readFileSync(file, 'utf8')).toBe('{"a":1}\n');
    // A folder where the file should go: the user's error, and no *.tmp left in the folder.
    expect(() => writeFileAtomic(path.join(dir, 'sub'), 'x')).toThrow(UserError);
    expect(() => writeFileAtomic(path.join(dir, 'sub'), 'x')).toThrow(/is a folder/);
    // A path under a file cannot be created: the user's error, nothing left.
    expect(() => writeFileAtomic(path.join(file, 'inside.json'), 'x')).toThrow(/cannot write file \(ENOTDIR\)|ENOTDIR|EEXIST/);
    expect(readdirSync(path.join(dir, 'sub'))).toEqual(['out.json']);
    expect(existsSync(`${file}.${process.pid}.tmp`)).toBe(false);
  });
});

describe('schema errors', () => {
  const Schema = z.strictObject({ name: z.string(), n: z.number().int() });
  it('say which field, and "is required" for an absent one', () => {
    const missing = Schema.safeParse({ n: 1 });
    expect(missing.success).toBe(false);
    if (missing.success) return;
    expect(firstIssue(missing.error)).toMatchObject({ path: ['name'], message: 'is required', missing: true });
    const e = schemaError(missing.error, 'x.yaml', { line: 3, what: 'not a thing' });
    expect(e.format()).toBe('x.yaml:3: not a thing: name: is required');
    const unknown = Schema.safeParse({ name: 'a', n: 1, extra: true });
    if (unknown.success) throw new Error('expected a failure');
    expect(firstIssue(unknown.error).unknownKey).toBe('extra');
  });
});

describe('hashes and widths', () => {
  it('canonical JSON ignores key order; short forms for people', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] })).toBe('{"a":[2,{"c":4,"d":3}],"b":1}');
    expect(shortHash('sha256:0123456789abcdef0123')).toBe('0123456789ab');
    expect(shortSha('0123456789abcdef0123456789abcdef01234567')).toBe('0123456');
    expect(shortSha('origin/main')).toBe('origin/main');
  });

  it('measures emoji and wide characters as two columns, combining marks as none', () => {
    for (const wide of ['🚀', '✅', '❌', '⚠️', '👍🏽', '👨‍👩‍👧', '中']) expect(displayWidth(wide), wide).toBe(2);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('abc')).toBe(3);
  });
});

describe('report versions', () => {
  it('reads the current version, refuses unknown and newer ones with a clear message', () => {
    expect(migrateReport({ schemaVersion: 1, x: 1 }, 'r.json')).toEqual({ schemaVersion: 1, x: 1 });
    expect(() => migrateReport({ schemaVersion: 0 }, 'r.json')).toThrow(/report schemaVersion 0 is not supported/);
    expect(() => migrateReport({}, 'r.json')).toThrow(/schemaVersion undefined is not supported/);
    expect(() => migrateReport({ schemaVersion: 99 }, 'r.json')).toThrow(/newer than this labelgate reads \(1\): upgrade labelgate/);
  });
});
