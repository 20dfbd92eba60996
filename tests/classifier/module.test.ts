import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { withResponseCache } from '../../src/classifier/cache.ts';
import { createClassifier } from '../../src/classifier/create.ts';
import { moduleFiles, moduleHash } from '../../src/classifier/module-files.ts';
import { createModuleClassifier, judgeReturned, parseModuleSpec } from '../../src/classifier/module.ts';
import { UserError } from '../../src/core/errors.ts';
import { buildMessages } from '../../src/variant/messages.ts';
import { tmpDir } from '../helpers/tmp.ts';
import { tinyVariant } from '../helpers/variant.ts';

const LABELS = ['artifact', 'visualisation', 'other'];
const variant = tinyVariant();
const c = { id: 'c1', query: 'How do I version a dataset?', document: 'Artifacts are versioned.' };

describe('what a classify function returns, judged', () => {
  it('takes a label, as a string or in an object with raw, tokens and cost', () => {
    expect(judgeReturned('artifact', LABELS)).toEqual({ prediction: 'artifact' });
    expect(judgeReturned({ label: 'other', raw: 'rule 7 fired', tokens: { prompt: 30, completion: 2 }, costUsd: 0.0004 }, LABELS)).toEqual({
      prediction: 'other',
      raw: 'rule 7 fired',
      tokens: { prompt: 30, completion: 2, total: 32 },
      costUsd: 0.0004,
    });
  });

  it('makes everything else invalid and keeps what came back', () => {
    expect(judgeReturned('Artifact', LABELS)).toEqual({ prediction: 'invalid', raw: 'Artifact', reason: '"Artifact" is not a label' });
    expect(judgeReturned({ label: 'billing', raw: 'from the rules' }, LABELS)).toMatchObject({ prediction: 'invalid', raw: 'from the rules', reason: '"billing" is not a label' });
    expect(judgeReturned(undefined, LABELS)).toMatchObject({ prediction: 'invalid', reason: 'classify returned neither a label nor an object with a label' });
    expect(judgeReturned(42, LABELS)).toMatchObject({ prediction: 'invalid', raw: '42' });
    expect(judgeReturned({ label: 3 }, LABELS)).toMatchObject({ prediction: 'invalid', raw: '{"label":3}', reason: 'the returned label is not a string' });
    expect(judgeReturned({ label: 'other', tokens: { prompt: -1, completion: 2 } }, LABELS)).toMatchObject({ prediction: 'invalid', reason: expect.stringContaining('malformed tokens') });
    expect(judgeReturned({ label: 'other', costUsd: 'cheap' }, LABELS)).toMatchObject({ prediction: 'invalid', reason: expect.stringContaining('costUsd') });
  });

  it('reads FILE#EXPORT, with classify as the default export name', () => {
    expect(parseModuleSpec('./src/router.ts#route')).toEqual({ file: './src/router.ts', exportName: 'route' });
    expect(parseModuleSpec('src/router.ts')).toEqual({ file: 'src/router.ts', exportName: 'classify' });
    expect(parseModuleSpec('src/router.ts#')).toEqual({ file: 'src/router.ts', exportName: 'classify' });
    expect(() => parseModuleSpec('#classify')).toThrow(UserError);
  });
});

describe('the module backend', () => {
  it('runs the team’s TypeScript, local imports included, and keeps what it reports', async () => {
    const dir = tmpDir({
      'src/rules.ts': `export const rule = (q: string): string => (q.includes('version') ? 'artifact' : 'other');\n`,
      'src/router.ts': `import { rule } from './rules.js';
export async function route(c: { id: string; query: string }) {
  return { label: rule(c.query), raw: 'rules', tokens: { prompt: 5, completion: 1, total: 6 } };
}
`,
    });
    const classifier = await createModuleClassifier({ spec: 'src/router.ts#route', cwd: dir });
    expect(classifier).toMatchObject({ backend: 'module', model: 'src/router.ts#route', classifier: { kind: 'module', ref: 'src/router.ts#route' } });
    expect(await classifier.classify(variant, c)).toMatchObject({ prediction: 'artifact', raw: 'rules', tokens: { total: 6 } });
    expect(await classifier.classify(variant, { id: 'c2', query: 'reset password' })).toMatchObject({ prediction: 'other' });
  });

  it('hands the context to the function exactly', async () => {
    const dir = tmpDir({
      'classify.mjs': `export function classify(c, ctx) {
  globalThis.__labelgateSeen = { c, variant: ctx.variant.name, messages: ctx.messages, labels: ctx.labels, signal: ctx.signal instanceof AbortSignal };
  return 'visualisation';
}
`,
    });
    const classifier = await createModuleClassifier({ spec: 'classify.mjs', cwd: dir });
    expect(await classifier.classify(variant, c)).toMatchObject({ prediction: 'visualisation' });
    expect((globalThis as { __labelgateSeen?: unknown }).__labelgateSeen).toEqual({
      c,
      variant: 'tiny',
      messages: buildMessages(variant, c),
      labels: LABELS,
      signal: true,
    });
  });

  it('turns a thrown error into `error` with its message on one line, keys redacted', async () => {
    const key = 'sk-ant-api03-SECRETSECRETSECRET';
    process.env.LABELGATE_TEST_API_KEY = key;
    try {
      const dir = tmpDir({ 'r.js': `export function classify() { throw new Error('upstream said no\\n for key ${key}'); }\n` });
      const p = await (await createModuleClassifier({ spec: 'r.js', cwd: dir })).classify(variant, c);
      expect(p.prediction).toBe('error');
      expect(p.reason).toBe('upstream said no for key ***');
    } finally {
      delete process.env.LABELGATE_TEST_API_KEY;
    }
  });

  it('gives up on a case after timeoutMs, as an `error`, and aborts the signal it handed out', async () => {
    const dir = tmpDir({
      'slow.mjs': `export function classify(c, ctx) {
  return new Promise((resolve) => { ctx.signal.addEventListener('abort', () => { globalThis.__labelgateAborted = true; }); setTimeout(() => resolve('other'), 5000).unref(); });
}
`,
    });
    const p = await (await createModuleClassifier({ spec: 'slow.mjs', cwd: dir, timeoutMs: 50 })).classify(variant, c);
    expect(p).toMatchObject({ prediction: 'error', reason: 'timed out after 50 ms' });
    expect((globalThis as { __labelgateAborted?: boolean }).__labelgateAborted).toBe(true);
  });

  it('refuses, naming the file, a missing file, a file that does not load, and a missing export', async () => {
    const dir = tmpDir({ 'broken.ts': 'export function classify( {\n', 'other.ts': 'export function route() { return "other"; }\nexport const n = 1;\n' });
    const failure = async (spec: string) => {
      try {
        await createModuleClassifier({ spec, cwd: dir });
      } catch (e) {
        expect(e).toBeInstanceOf(UserError);
        return (e as UserError).format();
      }
      throw new Error(`${spec} loaded`);
    };
    expect(await failure('nope.ts')).toBe('nope.ts: classifier module not found');
    expect(await failure('broken.ts')).toMatch(/^broken\.ts: the classifier module does not load: /);
    expect(await failure('other.ts')).toBe('other.ts: no function "classify" exported by the classifier module (it exports "route"); name one with other.ts#NAME');
    await expect(createClassifier({ backend: 'module' })).rejects.toThrow(/needs --classifier/);
  });
});

describe('the module hash', () => {
  it('covers the entry and the local files it imports, transitively, and nothing else', () => {
    const dir = tmpDir({
      'src/router.ts': `import { rule } from './rules.js';\nimport type { X } from "./types";\nexport const classify = () => rule();\n`,
      'src/rules.ts': `export { helper } from './lib/index.ts';\nexport const rule = () => 'other';\n`,
      'src/types.ts': 'export type X = 1;\n',
      'src/lib/index.ts': `const cfg = await import('../data/cfg.json', { with: { type: 'json' } });\nexport const helper = cfg;\n`,
      'src/data/cfg.json': '{"a": 1}\n',
      'src/unrelated.ts': 'export const u = 1;\n',
    });
    const entry = path.join(dir, 'src/router.ts');
    expect(moduleFiles(entry).map((f) => path.relative(dir, f))).toEqual(['src/data/cfg.json', 'src/lib/index.ts', 'src/router.ts', 'src/rules.ts', 'src/types.ts']);
    const before = moduleHash(entry).hash;
    writeFileSync(path.join(dir, 'src/unrelated.ts'), 'export const u = 2;\n');
    expect(moduleHash(entry).hash).toBe(before);
    writeFileSync(path.join(dir, 'src/data/cfg.json'), '{"a": 2}\n');
    const changed = moduleHash(entry).hash;
    expect(changed).not.toBe(before);
    writeFileSync(path.join(dir, 'src/data/cfg.json'), '{"a": 1}\n');
    expect(moduleHash(entry).hash).toBe(before);
  });

  it('is part of the response cache key, and so is the case id', async () => {
    const dir = tmpDir({ 'r.mjs': `globalThis.__labelgateCalls = 0;\nexport function classify() { globalThis.__labelgateCalls++; return 'other'; }\n` });
    const cacheDir = path.join(dir, 'cache');
    const calls = () => (globalThis as { __labelgateCalls?: number }).__labelgateCalls;
    const cached = async () => withResponseCache(await createModuleClassifier({ spec: 'r.mjs', cwd: dir }), cacheDir, {}, { perCase: true });
    const first = await cached();
    await first.classify(variant, c);
    await first.classify(variant, c);
    expect([calls(), first.hits]).toEqual([1, 1]);
    await first.classify(variant, { ...c, id: 'c1-duplicate' });
    expect(calls()).toBe(2);
    // An edit to the code (Node keeps the loaded copy, so the same function answers): a new hash, so a miss.
    writeFileSync(path.join(dir, 'r.mjs'), `globalThis.__labelgateCalls = 0;\nexport function classify() { globalThis.__labelgateCalls++; return 'artifact'; } // edited\n`);
    const edited = await cached();
    expect(edited.classifier?.hash).not.toBe(first.classifier?.hash);
    await edited.classify(variant, c);
    expect(calls()).toBe(3);
    expect(edited.hits).toBe(0);
  });
});
