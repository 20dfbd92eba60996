import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.ts';
import { jobs, parseWorkflow, safetyProblems, steps, triggers } from './check.ts';

const wf = parseWorkflow(readFileSync(path.join(ROOT, '.github/workflows/eval-sharded.example.yml'), 'utf8'));
type AnyMap = Record<string, unknown>;
const job = (name: string) => Object.fromEntries(jobs(wf))[name] as AnyMap;
const stepsOf = (name: string) => steps(wf).filter((s) => s.job === name).map((s) => s.step as AnyMap);

describe('the sharded eval example workflow', () => {
  it('is safe and never runs on its own', () => {
    expect(safetyProblems(wf, { contents: 'read' })).toEqual([]);
    expect(triggers(wf)).toEqual(['workflow_dispatch']);
    expect(wf.permissions).toEqual({ contents: 'read' });
  });

  it('runs one eval job per shard, 1..SHARDS, each uploading its report', () => {
    const shards = (job('eval').strategy as { matrix: { shard: number[] } }).matrix.shard;
    expect(shards).toEqual(Array.from({ length: Number((wf.env as AnyMap).SHARDS) }, (_, i) => i + 1));
    const evalSteps = stepsOf('eval');
    const run = evalSteps.find((s) => typeof s.run === 'string' && s.run.includes('labelgate eval'))!;
    expect(run.run).toBe('npx labelgate eval --shard "$SHARD/$SHARDS" --out "reports/shards/shard-$SHARD.json" --quiet');
    expect(run.env).toMatchObject({ SHARD: '${{ matrix.shard }}' });
    const upload = evalSteps.find((s) => String(s.uses).startsWith('actions/upload-artifact@'))!;
    expect(upload.with).toMatchObject({ name: 'labelgate-shard-${{ matrix.shard }}', path: 'reports/shards' });
  });

  it('then downloads every shard, merges and gates', () => {
    expect(job('merge').needs).toBe('eval');
    const mergeSteps = stepsOf('merge');
    const download = mergeSteps.find((s) => String(s.uses).startsWith('actions/download-artifact@'))!;
    expect(download.with).toEqual({ pattern: 'labelgate-shard-*', path: 'reports/shards', 'merge-multiple': true });
    const runs = mergeSteps.flatMap((s) => (typeof s.run === 'string' ? [s.run] : []));
    expect(runs).toEqual([
      'npm ci',
      'npx labelgate merge reports/shards/shard-*.json --out reports/eval.json --format markdown >> "$GITHUB_STEP_SUMMARY"',
      'npx labelgate gate --candidate reports/eval.json --format markdown >> "$GITHUB_STEP_SUMMARY"',
    ]);
  });
});
