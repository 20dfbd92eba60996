import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readReport } from '../../src/report/io.ts';
import type { PowerReport } from '../../src/render/power.ts';
import { labelgate, ROOT, runCommand } from '../helpers/cli.ts';
import { tmpDir } from '../helpers/tmp.ts';

const SMALL = path.join(ROOT, 'tests/fixtures/datasets/small.jsonl');
const V3 = path.join(ROOT, 'prompts/docs-router/v3.yaml');
const FLAKY = path.join(ROOT, 'tests/fixtures/repeat/flaky-classifier.ts');

const calls = (log: string) => readFileSync(log, 'utf8').split('\n').filter(Boolean);

describe('labelgate eval --repeat', () => {
  it('runs every case k times as calls of their own, reports agreement, flaky cases, majority vote and the flip rate power plans with', async () => {
    const dir = tmpDir({ 'labelgate.config.yaml': `classifier: ${FLAKY}#classify\ndataset: ${SMALL}\nvariants: ${V3}\n` });
    const log = path.join(dir, 'calls.log');
    writeFileSync(log, '');
    const env = { REPEAT_LOG: log };

    const first = await labelgate(['eval', '--repeat', '3', '--out', 'r.json'], { cwd: dir, env });
    expect(first.code, first.stderr).toBe(0);
    // 12 cases × 3 runs, each (case, run) asked exactly once.
    expect(calls(log).sort()).toEqual(['s01', 's02', 's03', 's04', 's05', 's06', 's07', 's08', 's09', 's10', 's11', 's12'].flatMap((id) => [0, 1, 2].map((r) => `${id}#${r}`)));
    const v = readReport(path.join(dir, 'r.json')).variants[0]!;
    // The variant's metrics and rows are run 1's (7 of 12 right); the repeats section holds the rest,
    // the values of tests/metrics/repeats.test.ts, worked out by hand from the fixture's table.
    expect(v.metrics.correct).toBe(7);
    expect(v.cases.find((c) => c.id === 's10')).toMatchObject({ prediction: 'error', runs: ['error', 'invalid', 'other'], agreement: 1 / 3 });
    expect(v.repeats!.perRun.map((m) => m.correct)).toEqual([7, 8, 11]);
    expect(v.repeats!.majority.correct).toBe(9);
    expect(v.repeats!.flaky.map((f) => f.id)).toEqual(['s02', 's04', 's06', 's09', 's10', 's12']);
    expect(v.repeats!.flipRate).toBeCloseTo(1 / 3, 12);
    expect(first.stdout).toContain('3 runs per case (metrics above: run 1): accuracy per run 72.2% mean, 58.3%–91.7%; majority vote 75.0%');
    expect(first.stdout).toContain('agreement 77.8% mean; 6 flaky case(s); flip rate 33.3%');
    expect(first.stdout).toContain('flaky: s02 (artifact 2, other 1); s04 (other 1, integrations 1, visualisation 1);');

    // power takes the measured flip rate from the repeated report, and refuses a report that measured none.
    const power = await labelgate(['power', '--report', 'r.json', '--format', 'json'], { cwd: dir });
    expect(power.code, power.stderr).toBe(0);
    const plan = JSON.parse(power.stdout) as PowerReport;
    expect(plan).toMatchObject({ flipAssumed: false, flipMeasuredIn: 'r.json' });
    expect(plan.flipShare).toBeCloseTo(1 / 3, 12);
    // (That the cache keeps each run apart, and run 1 under the key of an unrepeated run, is tests/classifier/cache.test.ts.)
    const report = readReport(path.join(dir, 'r.json'));
    writeFileSync(path.join(dir, 'plain.json'), JSON.stringify({ ...report, variants: report.variants.map(({ repeats: _r, ...rest }) => rest) }));
    const none = await labelgate(['power', '--dataset', SMALL, '--flip-rate', 'plain.json'], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('plain.json: this report measured no flip rate');
  });

  it('npx promptfoo eval --repeat k: the plugin passes the run on and its report holds the same repeats', async () => {
    const dir = tmpDir();
    const file = (p: string) => `file://${path.join(ROOT, p)}`;
    const config = {
      prompts: [{ id: file('providers/prompt.ts'), label: 'v3@3.0.0', config: { variant: V3 } }],
      providers: [{ id: file('providers/labelgate.ts'), config: { backend: 'module', classifier: `${FLAKY}#classify`, cacheDir: false } }],
      tests: [{ path: file('providers/tests.ts'), config: { dataset: SMALL, split: 'all' } }],
      defaultTest: { assert: [{ type: 'javascript', value: file('providers/assert-label.ts') }] },
      extensions: ['beforeAll', 'afterAll'].map((hook) => `${file('providers/hooks.ts')}:${hook}`),
    };
    writeFileSync(path.join(dir, 'promptfooconfig.json'), JSON.stringify(config));
    mkdirSync(path.join(dir, 'state'));
    const hookReport = path.join(dir, 'hook.json');
    const r = await runCommand(path.join(ROOT, 'node_modules/.bin/promptfoo'), ['eval', '-c', path.join(dir, 'promptfooconfig.json'), '--repeat', '3', '--no-cache', '--no-table', '--no-write'], {
      env: { PROMPTFOO_CONFIG_DIR: path.join(dir, 'state'), LABELGATE_REPORT: hookReport, PROMPTFOO_DISABLE_TELEMETRY: '1', PROMPTFOO_DISABLE_UPDATE: '1' },
      timeoutMs: 180_000,
    });
    // promptfoo exits 100 when any test fails.
    expect([0, 100], r.stderr).toContain(r.code);
    const v = readReport(hookReport).variants[0]!;
    expect(v.metrics.correct).toBe(7);
    expect(v.repeats!.perRun.map((m) => m.correct)).toEqual([7, 8, 11]);
    expect(v.repeats!.majority.correct).toBe(9);
    expect(v.repeats!.flipRate).toBeCloseTo(1 / 3, 12);
  });
});
