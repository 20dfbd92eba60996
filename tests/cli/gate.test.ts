import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minDetectableDrop } from '../../src/gate/power.ts';
import type { GateResult } from '../../src/gate/types.ts';
import { pct } from '../../src/render/format.ts';
import { labelgate } from '../helpers/cli.ts';
import { writeFixtureReports } from '../helpers/reports.ts';
import { tmpDir } from '../helpers/tmp.ts';

function expectNoStack(stderr: string): void {
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr).not.toMatch(/Error:/);
}

describe('labelgate gate', () => {
  // Real reports, built by the metrics code; not tmpDir(), which is emptied after each test.
  const dir = mkdtempSync(path.join(tmpdir(), 'labelgate-gate-'));
  let fixture: (name: string) => string;
  beforeAll(() => {
    fixture = writeFixtureReports(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 0 on a pass', async () => {
    const r = await labelgate(['gate', '--candidate', fixture('large-improved.json'), '--baseline', fixture('large-base.json')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^labelgate gate: PASS/);
    expect(r.stdout).toMatch(/version changed: 3\.0\.0 → 3\.1\.0/);
  });

  it('exits 1 on a clear regression, with the evidence', async () => {
    const r = await labelgate(['gate', '--candidate', fixture('large-regressed.json'), '--baseline', fixture('large-base.json')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^labelgate gate: FAIL/);
    expect(r.stdout).toMatch(/FAIL\s+maxAccuracyDrop\s+7\.0%.*24 broken, 3 fixed of 300.*significant \(McNemar p=2\.5e-5; adjusted for the 5 regression rules of this run, p=2\.5e-5 < α=0\.05\)/);
  });

  it('33 cases and one flipped case: within noise, passes (also with inconclusive: fail) and says what it could have detected', async () => {
    const r = await labelgate(['gate', '--candidate', fixture('small-one-flip.json'), '--baseline', fixture('small-base.json')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/PASS\s+maxAccuracyDrop.*within noise/);
    const mde = minDetectableDrop({ n: 33, flipShare: 1 / 33, allowance: 0.02, level: 0.025 }, 0.8);
    expect(r.stdout).toContain(`only drops of about ${pct(mde)} or more are detected with 80% power`);
    expect(r.stdout).toMatch(/no more than noise produces/);
    const dir = tmpDir({ 'strict.yaml': 'inconclusive: fail\n' });
    const strict = await labelgate(['gate', '--candidate', fixture('small-one-flip.json'), '--baseline', fixture('small-base.json'), '--config', path.join(dir, 'strict.yaml')]);
    expect(strict.code).toBe(0);
  });

  it('prints JSON and markdown', async () => {
    const json = await labelgate(['gate', '--candidate', fixture('small-one-flip.json'), '--baseline', fixture('small-base.json'), '--format', 'json']);
    expect(json.code).toBe(0);
    const result = JSON.parse(json.stdout) as GateResult;
    expect(result.verdict).toBe('pass');
    const acc = result.variants[0]!.rules.find((r) => r.rule === 'maxAccuracyDrop')!;
    expect(acc).toMatchObject({ verdict: 'pass', broken: 1, fixed: 0, n: 33, pValue: 0.5, adjustedPValue: 1 });
    expect(acc.minDetectableDrop).toBe(minDetectableDrop({ n: 33, flipShare: 1 / 33, allowance: 0.02, level: 0.025 }, 0.8));
    const md = await labelgate(['gate', '--candidate', fixture('large-regressed.json'), '--baseline', fixture('large-base.json'), '--format', 'markdown']);
    expect(md.code).toBe(1);
    expect(md.stdout).toMatch(/^### labelgate gate: ❌ FAIL/);
  });

  it('uses labelgate.gate.yaml from the working directory; --variant narrows what is judged', async () => {
    const dir = tmpDir({ 'labelgate.gate.yaml': 'minAccuracy: 0.95\n' });
    const r = await labelgate(['gate', '--candidate', fixture('large-improved.json')], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL\s+minAccuracy\s+88\.0%\s+>= 95\.0%/);
    expect(r.stdout).toMatch(/No baseline: only the absolute rules apply/);
    const none = await labelgate(['gate', '--candidate', fixture('large-improved.json'), '--variant', 'v9']);
    expect(none.code).toBe(1);
    expect(none.stdout).toMatch(/no variant named "v9"/);
  });

  it('exits 2 with file:line and no stack on bad input', async () => {
    const dir = tmpDir({
      'unknown-rule.yaml': 'minAccuracy: 0.8\nmaxAccuracyDrop: 0.02\n',
      'bad-label.yaml': 'labels:\n  artifcat: {minRecall: 0.5}\n',
      'not-a-report.json': '{"schemaVersion": 1, "hello": "world"}',
      'broken.json': '{"schemaVersion": 1,',
    });
    const cases: [string[], RegExp][] = [
      [['--candidate', fixture('large-base.json'), '--config', path.join(dir, 'unknown-rule.yaml')], /unknown-rule\.yaml:2: maxAccuracyDrop: unknown rule "maxAccuracyDrop"/],
      [['--candidate', fixture('large-base.json'), '--config', path.join(dir, 'bad-label.yaml')], /bad-label\.yaml:2: labels\.artifcat: no judged variant has the label "artifcat"/],
      [['--candidate', fixture('large-base.json'), '--config', path.join(dir, 'missing.yaml')], /missing\.yaml: cannot read file \(ENOENT\)/],
      [['--candidate', path.join(dir, 'nope.json')], /nope\.json: cannot read report \(ENOENT\)/],
      [['--candidate', path.join(dir, 'not-a-report.json')], /not-a-report\.json: not a labelgate report/],
      [['--candidate', fixture('large-base.json'), '--baseline', path.join(dir, 'broken.json')], /broken\.json: not a JSON report/],
      [[], /--candidate is required/],
      [['--candidate', fixture('large-base.json'), '--format', 'html'], /--format must be one of text, markdown, json/],
      [['--candidate', fixture('large-base.json'), '--frobnicate'], /Unknown option '--frobnicate'/],
    ];
    const results = await Promise.all(cases.map(([args]) => labelgate(['gate', ...args])));
    for (const [i, [args, message]] of cases.entries()) {
      const r = results[i]!;
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/^labelgate gate: /);
      expectNoStack(r.stderr);
      expect(r.stdout).toBe('');
    }
  });
});
