import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ROOT } from './cli.ts';

/** promptfoo's own CLI as this checkout installs it. */
export const PROMPTFOO_BIN = path.join(ROOT, 'node_modules/.bin/promptfoo');

/** The repo's own derivedMetrics and extension hooks, so a test project also checks what users run. */
function repoConfig(): { derivedMetrics: unknown; extensions: string[] } {
  return parseYaml(readFileSync(path.join(ROOT, 'promptfooconfig.yaml'), 'utf8')) as { derivedMetrics: unknown; extensions: string[] };
}

/**
 * A promptfoo project like the repo's (the plugin's five entry points, the repo's hooks and derived metrics)
 * on the given variants and dataset, with absolute paths so it runs from any folder. Returns the
 * config file's path.
 */
export function writePromptfooProject(dir: string, variants: { file: string; label: string }[], dataset: string): string {
  const rel = (p: string) => `file://${path.join(ROOT, p)}`;
  const config = {
    description: 'labelgate test project',
    prompts: variants.map((v) => ({ id: rel('providers/prompt.ts'), label: v.label, config: { variant: v.file } })),
    providers: [{ id: rel('providers/labelgate.ts'), config: { backend: 'offline' } }],
    tests: [{ path: rel('providers/tests.ts'), config: { dataset, split: 'all' } }],
    defaultTest: { assert: [{ type: 'javascript', value: rel('providers/assert-label.ts') }] },
    extensions: repoConfig().extensions.map((e) => rel(e.slice('file://'.length))),
    derivedMetrics: repoConfig().derivedMetrics,
  };
  const file = path.join(dir, 'promptfooconfig.json');
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

/** promptfoo offline and quiet, with its database, cache and logs in `<dir>/state` instead of the home folder. */
export function promptfooEnv(dir: string): Record<string, string> {
  const state = path.join(dir, 'state');
  mkdirSync(state, { recursive: true });
  return { PROMPTFOO_CONFIG_DIR: state, PROMPTFOO_DISABLE_TELEMETRY: '1', PROMPTFOO_DISABLE_UPDATE: '1', PROMPTFOO_DISABLE_RUNTIME_WARNINGS: '1' };
}
