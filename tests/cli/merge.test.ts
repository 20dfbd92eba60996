import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shardOf } from '../../src/dataset/shard.ts';
import { computeUsage } from '../../src/metrics/variant-result.ts';
import { readReport } from '../../src/report/io.ts';
import type { Report } from '../../src/report/schema.ts';
import { evaluate } from '../../src/run/evaluate.ts';
import { resolveRunOptions, type RunFlags } from '../../src/run/options.ts';
import { labelgate, ROOT } from '../helpers/cli.ts';

// The bundled dataset and variants, as `labelgate eval` runs them by default, on the offline backend.
const run = async (flags: RunFlags) =>
  (await evaluate(resolveRunOptions({ variants: [path.join(ROOT, 'prompts')], dataset: path.join(ROOT, 'datasets/docs-assistant.jsonl'), backend: 'offline', cache: false, ...flags }, {}))).report;

/** What two runs of the same cases must share: everything but the time of the run and the cases' wall-clock latency. */
const comparable = (r: Report) => ({
  ...r,
  createdAt: undefined,
  variants: r.variants.map((v) => ({ ...v, usage: { ...v.usage, latencyMs: undefined }, cases: v.cases.map(({ latencyMs: _, ...c }) => c) })),
});

describe('eval --shard i/3, then merge', () => {
  let whole: Report;
  let dir: string;
  let files: string[];
  beforeAll(async () => {
    whole = await run({});
    // One folder for the whole suite: the shards are made once and read by every test.
    dir = mkdtempSync(path.join(tmpdir(), 'labelgate-shards-'));
    files = [];
    for (const index of [1, 2, 3]) {
      const file = path.join(dir, `shard-${index}.json`);
      writeFileSync(file, JSON.stringify(await run({ shard: { index, count: 3 } })));
      files.push(file);
    }
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('splits the cases into three disjoint parts that cover the dataset', () => {
    const shards = files.map(readReport);
    const ids = shards.map((s) => s.variants[0]!.cases.map((c) => c.id));
    expect(ids.every((part) => part.length > 40)).toBe(true);
    expect(ids.flat().sort()).toEqual(whole.variants[0]!.cases.map((c) => c.id).sort());
    expect(shards.map((s) => s.dataset.shard?.index)).toEqual([1, 2, 3]);
    expect(shards.map((s) => s.dataset.size).reduce((a, b) => a + b)).toBe(whole.dataset.size);
  });

  it('says which shard a report holds, in text and markdown', async () => {
    const { render } = await import('../../src/render/registry.ts');
    const shard = readReport(files[1]!);
    expect(render('report', 'text', shard)).toContain(`${shard.dataset.size} cases, split all, shard 2/3, labels`);
    expect(render('report', 'markdown', shard)).toContain('· split all · shard 2/3 ·');
    expect(render('report', 'text', whole)).not.toMatch(/shard \d/);
  });

  it('merges into the report of the unsharded run', async () => {
    const out = path.join(dir, 'merged.json');
    // Given out of order: the merge puts the rows back in the dataset's order.
    const r = await labelgate(['merge', files[2]!, files[0]!, files[1]!, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`report: ${out}`);
    const merged = readReport(out);
    expect(merged.dataset.shard).toBeUndefined();
    expect(comparable(merged)).toEqual(comparable(whole));
    // Latency differs run to run; the merged figures are still those of the merged rows.
    for (const v of merged.variants) expect(v.usage).toEqual(computeUsage(v.cases));
  });

  it('refuses a shard given twice or missing, naming the file, with exit 2', async () => {
    const out = path.join(dir, 'never.json');
    const twice = await labelgate(['merge', files[0]!, files[1]!, files[1]!, '--out', out]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain(`${files[1]}: shard 2/3 is given twice`);
    const missing = await labelgate(['merge', files[0]!, files[2]!, '--out', out, '--format', 'json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/shard 2\/3 missing/);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    const badFlag = await labelgate(['eval', '--shard', '4/3', '--out', out]);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toMatch(/--shard must be i\/n with 1 <= i <= n/);
    expect(() => readReport(out)).toThrow();
  });

  it('refuses a shard that holds no case', async () => {
    const small = path.join(ROOT, 'tests/fixtures/datasets/small.jsonl');
    const ids = readFileSync(small, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id);
    const empty = Array.from({ length: 50 }, (_, i) => i + 1).find((index) => !ids.some((id) => shardOf(id, 50) === index))!;
    await expect(run({ dataset: small, shard: { index: empty, count: 50 } })).rejects.toThrow(new RegExp(`shard ${empty}/50 of the all split holds no cases \\(12 cases in 50 shards\\); use fewer shards`));
  });

  it('gate refuses a single shard, and pr refuses --shard: a part of the cases is never judged as the whole', async () => {
    const gate = await labelgate(['gate', '--candidate', files[0]!]);
    expect(gate.code).toBe(2);
    expect(gate.stderr).toContain(`${files[0]}: this is shard 1/3 of a run: join the shards with labelgate merge`);
    const pr = await labelgate(['pr', '--shard', '1/3', '--no-comment']);
    expect(pr.code).toBe(2);
    expect(pr.stderr).toMatch(/--shard is for eval/);
  });
});
