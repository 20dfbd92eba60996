import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from '../../src/run/evaluate.ts';
import { resolveRunOptions } from '../../src/run/options.ts';
import { readReport } from '../../src/report/io.ts';
import type { Report } from '../../src/report/schema.ts';
import { ROOT, runCommand } from '../helpers/cli.ts';
import { promptfooEnv, PROMPTFOO_BIN, writePromptfooProject } from '../helpers/promptfoo-project.ts';
import { tmpDir } from '../helpers/tmp.ts';

const DATASET = path.join(ROOT, 'tests/fixtures/datasets/small.jsonl');
const VARIANTS = ['v1', 'v3'].map((n) => path.join(ROOT, `prompts/docs-router/${n}.yaml`));
const LABELS = ['artifact', 'integrations', 'visualisation', 'other'];

describe('promptfoo, run for real', () => {
  let report: Report;
  beforeAll(async () => {
    ({ report } = await evaluate(resolveRunOptions({ variants: VARIANTS, dataset: DATASET, split: 'all', backend: 'offline', concurrency: 4 }, {})));
  });

  it('labelgate eval runs every variant on every case through promptfoo', () => {
    expect(report.variants.map((v) => `${v.name}@${v.version}`)).toEqual(['v1@1.0.0', 'v3@3.0.0']);
    for (const v of report.variants) {
      expect(v.cases.map((c) => c.id)).toEqual(Array.from({ length: 12 }, (_, i) => `s${String(i + 1).padStart(2, '0')}`));
      expect(v.backend).toBe('offline');
      for (const c of v.cases) expect([...LABELS, 'invalid', 'error']).toContain(c.prediction);
      const correct = v.cases.filter((c) => c.prediction === c.gold).length;
      expect(v.metrics.accuracy).toBeCloseTo(correct / 12, 12);
    }
  });

  for (const write of [true, false]) {
    it(`bare \`promptfoo eval\`${write ? '' : ' --no-write'} emits the same per-label metrics as labelgate's report, and its hook writes the report`, async () => {
      const dir = tmpDir();
      const config = writePromptfooProject(dir, VARIANTS.map((file, i) => ({ file, label: ['v1@1.0.0', 'v3@3.0.0'][i]! })), DATASET);
      const out = path.join(dir, 'out.json');
      const hookReport = path.join(dir, 'hook-report.json');
      const r = await runCommand(PROMPTFOO_BIN, ['eval', '-c', config, '-o', out, '--no-cache', '--no-table', ...(write ? [] : ['--no-write'])], {
        cwd: ROOT,
        env: { ...promptfooEnv(dir), LABELGATE_REPORT: hookReport },
        timeoutMs: 180_000,
      });
      // promptfoo exits 100 when any test fails: the offline model gets some cases wrong.
      expect([0, 100], r.stderr).toContain(r.code);
      const promptfooOut = JSON.parse(readFileSync(out, 'utf8')) as { results: { prompts: { label: string; metrics: { namedScores: Record<string, number> } }[] } };
      const fromHook = readReport(hookReport);
      for (const [i, v] of report.variants.entries()) {
        const prompt = promptfooOut.results.prompts[i]!;
        expect(prompt.label).toBe(`${v.name}@${v.version}`);
        const s = prompt.metrics.namedScores;
        expect(s.accuracy).toBeCloseTo(v.metrics.accuracy, 12);
        expect(s.macro_f1).toBeCloseTo(v.metrics.macroF1, 12);
        for (const l of LABELS) {
          expect(s[`precision_${l}`]).toBeCloseTo(v.metrics.perLabel[l]!.precision, 12);
          expect(s[`recall_${l}`]).toBeCloseTo(v.metrics.perLabel[l]!.recall, 12);
          expect(s[`f1_${l}`]).toBeCloseTo(v.metrics.perLabel[l]!.f1, 12);
        }
        const { labels, columns, matrix } = v.metrics.confusion;
        labels.forEach((gold, r) => columns.forEach((pred, c) => expect(s[`tally_cm_${gold}__${pred}`] ?? 0).toBe(matrix[r]![c])));
        expect(fromHook.variants[i]!.cases.map((c) => [c.id, c.prediction])).toEqual(v.cases.map((c) => [c.id, c.prediction]));
        expect(fromHook.variants[i]!.metrics.accuracy).toBe(v.metrics.accuracy);
        expect([fromHook.variants[i]!.backend, fromHook.variants[i]!.model]).toEqual([v.backend, v.model]);
      }
    });
  }
});
