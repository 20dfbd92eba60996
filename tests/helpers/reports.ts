import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildReport } from '../../src/report/build.ts';
import { ReportSchema, type CaseRow, type DatasetInfo, type Report, type VariantResult } from '../../src/report/schema.ts';
import { buildVariantResult, type VariantInput } from '../../src/metrics/variant-result.ts';

/** The case study's labels. */
export const LABELS = ['artifact', 'integrations', 'visualisation', 'other'];

/** A variant from per-case rows, with real metrics (computeMetrics through buildVariantResult). */
export function variant(name: string, cases: CaseRow[], options: Partial<Omit<VariantInput, 'name' | 'cases'>> = {}): VariantResult {
  return buildVariantResult({
    name,
    version: options.version ?? '1.0.0',
    hash: options.hash ?? `sha256:${name}-${options.version ?? '1.0.0'}`,
    labels: options.labels ?? LABELS,
    backend: options.backend ?? 'replay',
    resamples: options.resamples ?? 200,
    ...options,
    cases,
  });
}

/** A schema-valid report; the dataset's size defaults to the number of distinct case ids. */
export function report(variants: VariantResult[], dataset: Partial<DatasetInfo> = {}): Report {
  const ids = new Set(variants.flatMap((v) => v.cases.map((c) => c.id)));
  return ReportSchema.parse(
    buildReport({
      dataset: { path: 'datasets/test.jsonl', hash: 'sha256:dataset', size: ids.size, labels: LABELS, split: 'all', ...dataset },
      variants,
      createdAt: '2026-11-24T00:00:00.000Z',
    }),
  );
}

export interface PairSpec {
  /** Right in both. */
  kept?: number;
  /** Right in the baseline, wrong in the candidate. */
  broken?: number;
  /** Wrong in the baseline, right in the candidate. */
  fixed?: number;
  /** Wrong in both (the same wrong answer). */
  wrong?: number;
  /** The gold label of these cases (default: cycling through LABELS). */
  gold?: string;
  /** Id prefix, so several specs can be combined without clashes. */
  prefix?: string;
}

/**
 * Baseline and candidate rows with exactly the given paired outcomes. A wrong answer is the next
 * label in LABELS after the gold one.
 */
export function pairedRows(spec: PairSpec): { base: CaseRow[]; candidate: CaseRow[] } {
  const base: CaseRow[] = [];
  const candidate: CaseRow[] = [];
  let i = 0;
  const add = (n: number | undefined, baseRight: boolean, candRight: boolean): void => {
    for (let k = 0; k < (n ?? 0); k++, i++) {
      const gold = spec.gold ?? LABELS[i % LABELS.length]!;
      const wrong = LABELS[(LABELS.indexOf(gold) + 1) % LABELS.length]!;
      const id = `${spec.prefix ?? 'c'}${String(i).padStart(4, '0')}`;
      base.push({ id, gold, prediction: baseRight ? gold : wrong, query: `query ${id}` });
      candidate.push({ id, gold, prediction: candRight ? gold : wrong, query: `query ${id}` });
    }
  };
  add(spec.kept, true, true);
  add(spec.broken, true, false);
  add(spec.fixed, false, true);
  add(spec.wrong, false, false);
  return { base, candidate };
}

/** Baseline and candidate reports with one variant each, from paired specs. */
export function pairedReports(specs: PairSpec[], options: { name?: string; candidateVersion?: string } = {}): { base: Report; candidate: Report } {
  const base: CaseRow[] = [];
  const candidate: CaseRow[] = [];
  specs.forEach((s, i) => {
    const rows = pairedRows({ prefix: `s${i}-`, ...s });
    base.push(...rows.base);
    candidate.push(...rows.candidate);
  });
  const name = options.name ?? 'v3';
  return {
    base: report([variant(name, base)]),
    candidate: report([variant(name, candidate, { version: options.candidateVersion ?? '1.0.0' })]),
  };
}

/**
 * Named reports for the command-line tests, written by `writeFixtureReports` to a temporary folder
 * (built each run, so they always match the schema and the metrics code).
 */
export function fixtureReports(): Record<string, Report> {
  // The case study's 33-case test set: 28 right before; after the change one case is broken.
  const small = pairedRows({ kept: 27, broken: 1, wrong: 5, prefix: 'test-' });
  // 300 cases: 24 broken, 3 fixed (a 7-point drop; one-sided p = P(X ≥ 24 | 27, ½) ≈ 2.5e-5).
  const large = pairedRows({ kept: 240, broken: 24, fixed: 3, wrong: 33, prefix: 'val-' });
  const improved = pairedRows({ kept: 240, broken: 3, fixed: 24, wrong: 33, prefix: 'val-' });
  const hostile: CaseRow[] = [
    { id: 'h1', gold: 'other', prediction: 'other', query: 'what does a | b mean' },
    { id: 'h2', gold: 'other', prediction: 'other', query: '</details><script>alert(1)</script> @someone #123 ```' },
  ];
  return {
    'small-base.json': report([variant('v3', small.base, { version: '3.0.0', hash: 'sha256:v3-a' })], { size: 33, split: 'test' }),
    'small-one-flip.json': report([variant('v3', small.candidate, { version: '3.1.0', hash: 'sha256:v3-b' })], { size: 33, split: 'test' }),
    'large-base.json': report([variant('v3', large.base, { version: '3.0.0', hash: 'sha256:v3-a' })]),
    'large-regressed.json': report([variant('v3', large.candidate, { version: '3.1.0', hash: 'sha256:v3-b' })]),
    'large-improved.json': report([variant('v3', improved.candidate, { version: '3.1.0', hash: 'sha256:v3-b' })]),
    'hostile-base.json': report([variant('v3', hostile)]),
    'hostile-candidate.json': report([variant('v3', hostile.map((r) => ({ ...r, prediction: 'artifact' })), { version: '2.0.0', hash: 'sha256:v3-b' })]),
  };
}

/** Writes `fixtureReports()` into `dir`; returns a function from a fixture's name to its path. */
export function writeFixtureReports(dir: string): (name: string) => string {
  for (const [name, r] of Object.entries(fixtureReports())) writeFileSync(path.join(dir, name), `${JSON.stringify(r, null, 2)}\n`);
  return (name) => path.join(dir, name);
}
