import { UserError } from '../core/errors.ts';
import { shardOf, shardSet } from '../dataset/shard.ts';
import { labelDistribution } from '../metrics/distribution.ts';
import type { ApplyCase, ApplyReport } from '../report/apply-schema.ts';
import type { Usage } from '../report/schema.ts';

export interface ApplyShard {
  /** Where the report came from, named in every refusal. */
  file: string;
  report: ApplyReport;
}

/**
 * The apply report of the whole corpus from the reports of its shards (`apply --shard i/n`): the
 * cases back in corpus order and the distribution counted again from them. Shards of another corpus,
 * variant or backend, an index twice or missing, and a case in two shards or in the wrong one are
 * refused, naming the file. Pure.
 */
export function mergeApplyShards(shards: readonly ApplyShard[], createdAt?: string): ApplyReport {
  const first = shards[0];
  if (!first) throw new UserError('merge needs the shard reports to join');
  const count = shardInfo(first).count;
  const set = shardSet(count, first.file);
  const size = first.report.corpus.totalSize ?? 0;
  const cases = new Array<ApplyCase | undefined>(size);
  const where = new Map<string, string>();
  for (const s of shards) {
    const shard = shardInfo(s);
    sameRun(s, first);
    set.add(shard, s.file);
    if (shard.positions.length !== s.report.cases.length) throw new UserError(`${s.report.cases.length} cases but the shard lists ${shard.positions.length}`, s.file);
    s.report.cases.forEach((c, r) => {
      if (shardOf(c.id, count) !== shard.index) throw new UserError(`case "${c.id}" belongs to shard ${shardOf(c.id, count)}/${count}, not ${shard.index}/${count}`, s.file);
      const other = where.get(c.id);
      if (other !== undefined) throw new UserError(`case "${c.id}" is also in ${other}: shards overlap`, s.file);
      where.set(c.id, s.file);
      const p = shard.positions[r]!;
      if (!(p < size) || cases[p] !== undefined) throw new UserError(`case "${c.id}" claims place ${p} of the corpus, which holds ${size} cases`, s.file);
      cases[p] = c;
    });
  }
  set.complete();
  if (where.size !== size) throw new UserError(`the shards hold ${where.size} of the corpus's ${size} cases`, first.file);
  const joined = cases as ApplyCase[];
  const { shard: _shard, ...corpus } = first.report.corpus;
  return {
    ...first.report,
    createdAt: createdAt ?? new Date().toISOString(),
    corpus: { ...corpus, size },
    distribution: labelDistribution(
      joined.map((c) => c.prediction),
      first.report.variant.labels,
    ),
    usage: summedUsage(shards.map((s) => s.report.usage)),
    cases: joined,
  };
}

function shardInfo(s: ApplyShard) {
  const shard = s.report.corpus.shard;
  if (!shard) throw new UserError('not a shard report (it has no corpus.shard; make shards with apply --shard i/n)', s.file);
  return shard;
}

/** Same corpus, same variant, same backend: shards of one run. */
function sameRun(s: ApplyShard, first: ApplyShard): void {
  const corpus = (r: ApplyReport) => ({ hash: r.corpus.hash, totalSize: r.corpus.totalSize, mapping: r.corpus.mapping });
  const { changelog: _a, path: _b, ...variant } = s.report.variant;
  const { changelog: _c, path: _d, ...firstVariant } = first.report.variant;
  for (const [what, x, y] of [
    ['corpus', corpus(s.report), corpus(first.report)],
    ['variant', variant, firstVariant],
  ] as const) {
    if (JSON.stringify(x) !== JSON.stringify(y)) throw new UserError(`${what} ${JSON.stringify(x)} differs from ${JSON.stringify(y)} in ${first.file}: shards of different runs do not merge`, s.file);
  }
}

/**
 * Tokens and cost add up over shards. Latency percentiles cannot be recombined from the shards'
 * summaries (the per-case latencies are not in an apply report), so the joined report has none.
 */
function summedUsage(usages: readonly Usage[]): Usage {
  const sum = (f: (u: Usage) => number | undefined) => usages.reduce((n, u) => n + (f(u) ?? 0), 0);
  const cached = sum((u) => u.tokens.cached);
  const cost = usages.some((u) => u.costUsd !== undefined) ? sum((u) => u.costUsd) : undefined;
  return {
    tokens: { prompt: sum((u) => u.tokens.prompt), completion: sum((u) => u.tokens.completion), total: sum((u) => u.tokens.total), ...(cached > 0 && { cached }) },
    ...(cost !== undefined && { costUsd: cost }),
  };
}
