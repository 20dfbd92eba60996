import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateConfig } from '../../src/gate/config.ts';
import { evaluateGate } from '../../src/gate/verdict.ts';
import { metricsMismatch } from '../../src/metrics/verify.ts';
import type { Report } from '../../src/report/schema.ts';
import { labelgate } from '../helpers/cli.ts';
import { report, variant } from '../helpers/reports.ts';
import { tmpDir } from '../helpers/tmp.ts';

/** 40 cases, every one an `error`, with the stored metrics edited to say 39 were right. */
function tampered(): Report {
  const rows = Array.from({ length: 40 }, (_, i) => ({ id: `c${i}`, gold: 'other', prediction: 'error' }));
  const r = report([variant('v3', rows)]);
  const m = r.variants[0]!.metrics;
  r.variants[0]!.metrics = { ...m, correct: 39, accuracy: 39 / 40 };
  return r;
}

describe('stored metrics are checked against the rows', () => {
  it('a report built by labelgate agrees with itself', () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({ id: `c${i}`, gold: i % 2 ? 'other' : 'artifact', prediction: i % 3 ? 'other' : 'artifact' }));
    expect(metricsMismatch(report([variant('v3', rows)]))).toBeUndefined();
  });

  it('names the first figure its rows do not give', () => {
    expect(metricsMismatch(tampered())).toEqual({ variant: 'v3', figure: 'correct', stored: 39, recomputed: 0 });
    const r = tampered();
    r.variants[0]!.metrics = { ...r.variants[0]!.metrics, correct: 0, accuracy: 0 };
    r.variants[0]!.metrics.perLabel.other = { ...r.variants[0]!.metrics.perLabel.other!, recall: 0.9 };
    expect(metricsMismatch(r)).toMatchObject({ figure: 'perLabel.other.recall', stored: 0.9, recomputed: 0 });
  });

  it('the gate judges the rows, not the stored figures; the CLI refuses the file (exit 2)', async () => {
    const r = tampered();
    const result = evaluateGate(r, undefined, gateConfig({ minAccuracy: 0.9, maxErrorRate: 1 }));
    const acc = result.variants[0]!.rules.find((x) => x.rule === 'minAccuracy')!;
    expect(acc.observed).toBe(0);
    expect(result.verdict).toBe('fail');
    const dir = tmpDir();
    const file = path.join(dir, 'tampered.json');
    writeFileSync(file, JSON.stringify(r));
    const run = await labelgate(['gate', '--candidate', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file}: variant "v3": stored metrics.correct is 39 but its case rows give 0`);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    // diff reads reports the same way: the edited one is refused, on either side.
    const honest = path.join(dir, 'honest.json');
    writeFileSync(honest, JSON.stringify(report([variant('v3', r.variants[0]!.cases)])));
    const diff = await labelgate(['diff', honest, file]);
    expect(diff.code).toBe(2);
    expect(diff.stderr).toContain(`${file}: variant "v3": stored metrics.correct is 39 but its case rows give 0`);
    expect((await labelgate(['diff', honest, honest])).code).toBe(0);
  });
});
