import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isUserError } from '../../src/core/errors.ts';
import { readApplyReport, writeApplyReport, isApplyReportFile } from '../../src/report/apply-io.ts';
import type { ApplyReport } from '../../src/report/apply-schema.ts';
import { mergeApplyShards } from '../../src/run/apply-merge.ts';
import { applyReportFrom } from '../../src/run/apply-report.ts';
import { evaluate } from '../../src/run/evaluate.ts';
import { resolveRunOptions, type RunFlags } from '../../src/run/options.ts';
import { labelgate, ROOT } from '../helpers/cli.ts';
import { tmpDir } from '../helpers/tmp.ts';

const CORPUS = path.join(ROOT, 'tests/fixtures/datasets/small.jsonl');
const apply = async (flags: RunFlags) =>
  applyReportFrom((await evaluate(resolveRunOptions({ variants: [path.join(ROOT, 'prompts/docs-router/v3.yaml')], dataset: CORPUS, backend: 'offline', cache: false, ...flags }, {}))).report);

const comparable = (r: ApplyReport) => ({ ...r, createdAt: undefined, usage: undefined });

const refusal = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (isUserError(e)) return e.format();
    throw e;
  }
  throw new Error('not refused');
};

describe('apply --shard i/n, then merge', () => {
  let whole: ApplyReport;
  let shards: ApplyReport[];
  beforeAll(async () => {
    whole = await apply({});
    shards = [await apply({ shard: { index: 1, count: 2 } }), await apply({ shard: { index: 2, count: 2 } })];
  }, 60_000);

  it('each shard is a part of the corpus, said so in the report', () => {
    expect(shards.map((s) => s.corpus.shard?.index)).toEqual([1, 2]);
    expect(shards[0]!.cases.length + shards[1]!.cases.length).toBe(12);
    expect(shards.every((s) => s.cases.length > 0 && s.corpus.totalSize === 12)).toBe(true);
  });

  it('merged (in any order) is the unsharded report', () => {
    const merged = mergeApplyShards([
      { file: 'b.json', report: shards[1]! },
      { file: 'a.json', report: shards[0]! },
    ]);
    expect(comparable(merged)).toEqual(comparable(whole));
  });

  it('refuses shards that do not belong together', () => {
    const a = { file: 'a.json', report: shards[0]! };
    expect(refusal(() => mergeApplyShards([a]))).toBe('a.json: shard 2/2 missing: merge needs all 2');
    expect(refusal(() => mergeApplyShards([a, a]))).toBe('a.json: shard 1/2 is given twice (also a.json)');
    const other = { file: 'c.json', report: { ...shards[1]!, variant: { ...shards[1]!.variant, version: '9.9.9' } } };
    expect(refusal(() => mergeApplyShards([a, other]))).toMatch(/^c\.json: variant .* differs from .* in a\.json: shards of different runs do not merge$/);
    const wrong = { file: 'd.json', report: { ...shards[1]!, cases: [shards[0]!.cases[0]!, ...shards[1]!.cases.slice(1)] } };
    expect(refusal(() => mergeApplyShards([a, wrong]))).toMatch(/^d\.json: case "s\d+" belongs to shard 1\/2, not 2\/2$/);
    expect(refusal(() => mergeApplyShards([{ file: 'w.json', report: whole }]))).toMatch(/^w\.json: not a shard report/);
  });

  it('labelgate merge joins apply shard reports into an apply report', async () => {
    const dir = tmpDir();
    const files = shards.map((s, i) => path.join(dir, `shard-${i + 1}.json`));
    files.forEach((f, i) => writeApplyReport(f, shards[i]!));
    expect(files.map(isApplyReportFile)).toEqual([true, true]);
    writeFileSync(path.join(dir, 'eval.json'), JSON.stringify({ schemaVersion: 1, tool: {}, variants: [] }));
    expect(isApplyReportFile(path.join(dir, 'eval.json'))).toBe(false);
    const out = path.join(dir, 'merged.json');
    const r = await labelgate(['merge', files[1]!, files[0]!, '--out', out], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(comparable(readApplyReport(out))).toEqual(comparable(whole));
    expect(r.stdout).toContain('labelgate apply: v3@3.0.0');
    expect(r.stdout).toMatch(/^total +12$/m);
  });
});
