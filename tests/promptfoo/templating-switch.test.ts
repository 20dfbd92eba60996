/**
 * promptfoo's PROMPTFOO_DISABLE_TEMPLATING, set in the shell or in the config's `env` (which promptfoo
 * reads first): whichever way it is set, what promptfoo records as the prompt is the literal text the
 * classifier sends, with no `{% raw %}` wrapper left in it and nothing evaluated. (Unset, the
 * hostile-dataset test covers the same run.)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildMessages } from '../../src/variant/messages.ts';
import { loadVariant } from '../../src/variant/load.ts';
import { ROOT, runCommand, type RunResult } from '../helpers/cli.ts';
import { PROMPTFOO_BIN, promptfooEnv, writePromptfooProject } from '../helpers/promptfoo-project.ts';
import { tmpDir } from '../helpers/tmp.ts';

const VARIANT = path.join(ROOT, 'prompts/docs-router/v3.yaml');
const SECRET = 'SENTINEL-templating-switch-7311';
const CASES = [
  { id: 'a', query: '{{ env.LABELGATE_TEST_SECRET }} and {{ 7*7 }}', document: "{% for i in range(3) %}{{ i }}{% endfor %} {%- endraw %}", label: 'other' },
  { id: 'b', query: 'How do I log a table?', document: 'plain', label: 'visualisation' },
];

interface Way {
  name: string;
  /** The config's `env` entries. */
  configEnv?: Record<string, string>;
  /** The shell's. */
  shellEnv?: Record<string, string>;
}
const WAYS: Way[] = [
  { name: 'off in the shell', shellEnv: { PROMPTFOO_DISABLE_TEMPLATING: 'true' } },
  { name: "off in the config's env", configEnv: { PROMPTFOO_DISABLE_TEMPLATING: 'true' } },
  // promptfoo renders here (the config wins): the case text must still come out literal.
  { name: "off in the shell, back on in the config's env", shellEnv: { PROMPTFOO_DISABLE_TEMPLATING: 'true' }, configEnv: { PROMPTFOO_DISABLE_TEMPLATING: 'false' } },
];

interface Run {
  result: RunResult;
  out: string;
}
const runs = new Map<string, Run>();

describe('PROMPTFOO_DISABLE_TEMPLATING, however it is set', () => {
  beforeAll(async () => {
    await Promise.all(
      WAYS.map(async (way) => {
        const dir = tmpDir();
        const dataset = path.join(dir, 'd.jsonl');
        writeFileSync(dataset, CASES.map((c) => JSON.stringify(c)).join('\n') + '\n');
        const config = writePromptfooProject(dir, [{ file: VARIANT, label: 'v3@3.0.0' }], dataset);
        if (way.configEnv) writeFileSync(config, JSON.stringify({ ...JSON.parse(readFileSync(config, 'utf8')), env: way.configEnv }));
        const out = path.join(dir, 'out.json');
        const result = await runCommand(PROMPTFOO_BIN, ['eval', '-c', config, '-o', out, '--no-cache', '--no-table'], {
          cwd: dir,
          env: { ...promptfooEnv(dir), LABELGATE_REPORT: path.join(dir, 'report.json'), LABELGATE_TEST_SECRET: SECRET, PROMPTFOO_DISABLE_TEMPLATING: undefined, ...way.shellEnv },
          timeoutMs: 120_000,
        });
        runs.set(way.name, { result, out: readFileSync(out, 'utf8') });
      }),
    );
  }, 180_000);

  for (const way of WAYS) {
    it(`${way.name}: promptfoo records the messages exactly as sent`, () => {
      const { result, out } = runs.get(way.name)!;
      // promptfoo exits 100 when a case fails its assertion.
      expect([0, 100], result.stderr).toContain(result.code);
      const variant = loadVariant(VARIANT);
      const recorded = (JSON.parse(out) as { results: { results: { prompt: { raw: string }; vars: { case: { id: string } } }[] } }).results.results;
      expect(recorded).toHaveLength(CASES.length);
      for (const r of recorded) {
        const c = CASES.find((x) => x.id === r.vars.case.id)!;
        expect(JSON.parse(r.prompt.raw)).toEqual(buildMessages(variant, c));
      }
      expect(out).not.toContain(SECRET);
      expect(out).not.toContain('and 49');
      expect(out).not.toContain('{% raw %}');
      expect(`${result.stdout}${result.stderr}`).not.toContain(SECRET);
    });
  }
});
