import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { checkPromptsLocked } from '../../src/plugin/hooks.ts';
import { ROOT, runCommand } from '../helpers/cli.ts';
import { tmpDir } from '../helpers/tmp.ts';

/** A project with v1 of the bundled task and the repository's lock; `edit` changes v1's file. */
function project(edit?: (doc: Record<string, unknown>) => void): { dir: string; variant: string; lock: string } {
  const dir = tmpDir();
  const variants = path.join(dir, 'prompts', 'docs-router');
  mkdirSync(variants, { recursive: true });
  const variant = path.join(variants, 'v1.yaml');
  copyFileSync(path.join(ROOT, 'prompts/docs-router/v1.yaml'), variant);
  const lock = path.join(dir, 'prompts', 'variants.lock.json');
  copyFileSync(path.join(ROOT, 'prompts/variants.lock.json'), lock);
  if (edit) {
    const doc = parse(readFileSync(variant, 'utf8')) as Record<string, unknown>;
    edit(doc);
    writeFileSync(variant, stringify(doc));
  }
  return { dir, variant, lock };
}

const reworded = (doc: Record<string, unknown>) => {
  doc.changelog = 'Reworded, and the version forgotten.';
};

describe('the variants lock under a bare `npx promptfoo eval`', () => {
  it('passes locked variants, warns about an unlocked version, refuses content changed under the same version', () => {
    const ok = project();
    expect(checkPromptsLocked([{ config: { variant: ok.variant } }], ok.lock)).toEqual([]);
    const fresh = project((doc) => {
      doc.version = '1.0.1';
      reworded(doc);
    });
    expect(checkPromptsLocked([{ config: { variant: fresh.variant } }], fresh.lock)).toEqual([expect.stringMatching(/version 1\.0\.1 is not in .*variants\.lock\.json/)]);
    const changed = project(reworded);
    expect(() => checkPromptsLocked([{ config: { variant: changed.variant } }], changed.lock)).toThrow(/v1\.yaml: content changed but version 1\.0\.0 did not/);
  });

  it('stops promptfoo before any case runs, with the same message as labelgate eval', async () => {
    const { dir, variant } = project(reworded);
    const abs = (p: string) => `file://${path.join(ROOT, p)}`;
    const config = path.join(dir, 'promptfooconfig.json');
    writeFileSync(
      config,
      JSON.stringify({
        prompts: [{ id: abs('providers/prompt.ts'), label: 'v1@1.0.0', config: { variant } }],
        providers: [{ id: abs('providers/labelgate.ts'), config: { backend: 'offline' } }],
        tests: [{ path: abs('providers/tests.ts'), config: { dataset: path.join(ROOT, 'tests/fixtures/datasets/small.jsonl') } }],
        defaultTest: { assert: [{ type: 'javascript', value: abs('providers/assert-label.ts') }] },
        extensions: [`${abs('providers/hooks.ts')}:extensionHook`],
      }),
    );
    mkdirSync(path.join(dir, 'state'));
    const r = await runCommand(path.join(ROOT, 'node_modules/.bin/promptfoo'), ['eval', '-c', config, '--no-cache', '--no-table', '--no-write'], {
      cwd: dir,
      env: { PROMPTFOO_CONFIG_DIR: path.join(dir, 'state'), LABELGATE_REPORT: path.join(dir, 'hook.json'), PROMPTFOO_DISABLE_TELEMETRY: '1', PROMPTFOO_DISABLE_UPDATE: '1' },
      timeoutMs: 120_000,
    });
    expect([0, 100]).not.toContain(r.code);
    expect(`${r.stdout}${r.stderr}`).toMatch(/v1\.yaml: content changed but version 1\.0\.0 did not/);
    // Refused before the run: no report from the hook.
    expect(() => readFileSync(path.join(dir, 'hook.json'))).toThrow();
  });
});
