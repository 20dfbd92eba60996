import { UserError } from '../core/errors.ts';
import { shardOf, shardSet } from '../dataset/shard.ts';
import { buildVariantResult } from '../metrics/variant-result.ts';
import { buildReport } from '../report/build.ts';
import type { CaseRow, DatasetInfo, Report, VariantResult } from '../report/schema.ts';

export interface ShardReport {
  /** Where the report came from, named in every refusal. */
  file: string;
  report: Report;
}

/**
 * The report of the whole run from the reports of its shards (`eval --shard i/n`): the rows joined in
 * the order an unsharded run gives them and every metric recomputed from them. Shards that do not
 * belong together (another dataset, split, variant or shard count; an index twice or missing; a case
 * in two shards or in the wrong one) are refused, naming the file. Pure.
 */
export function mergeShards(shards: readonly ShardReport[], createdAt?: string): Report {
  if (shards.length === 0) throw new UserError('merge needs the shard reports to join');
  const first = shards[0]!;
  const set = shardSet(shardInfo(first).count, first.file);
  for (const s of shards) {
    const shard = shardInfo(s);
    checkSameDataset(s, first);
    set.add(shard, s.file);
    checkVariants(s, first);
    checkRows(s, shard);
  }
  set.complete();

  const size = shards.reduce((n, s) => n + shardInfo(s).positions.length, 0);
  const order = placeRows(shards, size);
  const { shard: _dropped, ...dataset } = first.report.dataset;
  return buildReport({
    dataset: { ...dataset, size },
    variants: first.report.variants.map((v, k) => {
      const rows = new Array<CaseRow>(size);
      for (const [i, s] of shards.entries()) {
        const positions = order[i]!;
        s.report.variants[k]!.cases.forEach((row, r) => (rows[positions[r]!] = row));
      }
      return rejoined(v, rows);
    }),
    ...(createdAt !== undefined && { createdAt }),
  });
}

function shardInfo(s: ShardReport): NonNullable<DatasetInfo['shard']> {
  const shard = s.report.dataset.shard;
  if (!shard) throw new UserError('not a shard report (it has no dataset.shard; make shards with eval --shard i/n)', s.file);
  return shard;
}

function checkSameDataset(s: ShardReport, first: ShardReport): void {
  const a = s.report.dataset;
  const b = first.report.dataset;
  const differs = (what: string, x: unknown, y: unknown) => {
    if (JSON.stringify(x) !== JSON.stringify(y)) throw new UserError(`${what} ${JSON.stringify(x)} differs from ${JSON.stringify(y)} in ${first.file}: shards of different runs do not merge`, s.file);
  };
  differs('dataset hash', a.hash, b.hash);
  differs('split', a.split, b.split);
  differs('dataset labels', a.labels, b.labels);
  differs('field mapping', a.mapping, b.mapping);
  differs('dataset size', a.totalSize, b.totalSize);
}

/** Same variants in the same order, each the same prompt run by the same classifier. */
function checkVariants(s: ShardReport, first: ShardReport): void {
  const names = (r: Report) => r.variants.map((v) => v.name);
  if (JSON.stringify(names(s.report)) !== JSON.stringify(names(first.report))) {
    throw new UserError(`variants ${names(s.report).join(', ')} differ from ${names(first.report).join(', ')} in ${first.file}`, s.file);
  }
  s.report.variants.forEach((v, k) => {
    const w = first.report.variants[k]!;
    const identity = (x: VariantResult) =>
      JSON.stringify({ version: x.version, hash: x.hash, labels: x.labels, backend: x.backend, model: x.model, classifier: x.classifier, seed: x.metrics.macroF1CI.seed, resamples: x.metrics.macroF1CI.resamples, runs: x.repeats?.runs });
    if (identity(v) !== identity(w)) {
      if (v.repeats?.runs !== w.repeats?.runs) throw new UserError(`variant "${v.name}" was run ${v.repeats?.runs ?? 1} time(s) per case here but ${w.repeats?.runs ?? 1} in ${first.file}`, s.file);
      throw new UserError(`variant "${v.name}" is ${v.version} (${v.hash}, ${v.backend}${v.model ? ` ${v.model}` : ''}) here but ${w.version} (${w.hash}, ${w.backend}${w.model ? ` ${w.model}` : ''}) in ${first.file}`, s.file);
    }
  });
}

/** Every variant holds the shard's cases, in the order of its positions, and only cases of this shard. */
function checkRows(s: ShardReport, shard: NonNullable<DatasetInfo['shard']>): void {
  const [lead, ...rest] = s.report.variants;
  if (!lead) return;
  const ids = lead.cases.map((c) => c.id);
  if (ids.length !== shard.positions.length) throw new UserError(`variant "${lead.name}" has ${ids.length} rows but the shard lists ${shard.positions.length} cases`, s.file);
  for (const v of rest) {
    if (v.cases.length !== ids.length || v.cases.some((c, r) => c.id !== ids[r])) throw new UserError(`variant "${v.name}" does not hold the same cases as "${lead.name}"`, s.file);
  }
  const stray = ids.find((id) => shardOf(id, shard.count) !== shard.index);
  if (stray !== undefined) throw new UserError(`case "${stray}" belongs to shard ${shardOf(stray, shard.count)}/${shard.count}, not ${shard.index}/${shard.count}`, s.file);
}

/** Each shard's positions, checked to fill 0..size-1 exactly once with one id per place. */
function placeRows(shards: readonly ShardReport[], size: number): number[][] {
  const owner = new Array<{ id: string; file: string } | undefined>(size);
  const seen = new Map<string, string>();
  return shards.map((s) => {
    const positions = shardInfo(s).positions;
    const ids = s.report.variants[0]?.cases.map((c) => c.id) ?? [];
    positions.forEach((p, r) => {
      const id = ids[r] ?? `#${r}`;
      const other = seen.get(id);
      if (other !== undefined) throw new UserError(`case "${id}" is also in ${other}: shards overlap`, s.file);
      seen.set(id, s.file);
      if (p >= size || owner[p] !== undefined) throw new UserError(`case "${id}" claims place ${p} of the split${owner[p] ? `, held by "${owner[p]!.id}" in ${owner[p]!.file}` : `, but the shards hold ${size} cases`}`, s.file);
      owner[p] = { id, file: s.file };
    });
    return positions;
  });
}

/** A variant's section recomputed from all its rows, with the shards' bootstrap settings. */
function rejoined(v: VariantResult, cases: CaseRow[]): VariantResult {
  const { metrics, usage: _usage, repeats: _repeats, cases: _cases, ...identity } = v;
  return buildVariantResult({ ...identity, cases, seed: metrics.macroF1CI.seed, resamples: metrics.macroF1CI.resamples, ...(v.usage.price && { price: v.usage.price }) });
}
