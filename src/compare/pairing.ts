import { MISSING } from '../core/outcome.ts';
import type { CaseRow, DatasetInfo, Report, VariantResult } from '../report/schema.ts';

export interface DatasetSide {
  path: string;
  hash: string;
  size: number;
  split: DatasetInfo['split'];
}

/** Whether two reports were evaluated on the same cases, and if not, how much they share. */
export interface DatasetComparison {
  /** Same content hash and same split: every baseline case is expected in the candidate. */
  same: boolean;
  baseline: DatasetSide;
  candidate: DatasetSide;
  /** Case ids present in both reports (in any variant). */
  sharedIds: number;
  baselineOnlyIds: number;
  candidateOnlyIds: number;
}

/** Every case id a report holds, over all its variants (a variant may lack some). */
export function reportCaseIds(report: Report): Set<string> {
  const ids = new Set<string>();
  for (const v of report.variants) for (const c of v.cases) ids.add(c.id);
  return ids;
}

/**
 * The baseline variant's case ids (labeled or not, in its order) the candidate variant has no row
 * for, whatever the datasets: comparing only the shared cases would let a change pass by deleting
 * the cases it breaks, so these are listed and judged, never only counted.
 */
export function removedCaseIds(base: VariantResult, candidate: VariantResult): string[] {
  const have = new Set(candidate.cases.map((c) => c.id));
  return [...new Set(base.cases.map((c) => c.id))].filter((id) => !have.has(id));
}

export function compareDatasets(baseline: Report, candidate: Report): DatasetComparison {
  const side = (r: Report): DatasetSide => ({ path: r.dataset.path, hash: r.dataset.hash, size: r.dataset.size, split: r.dataset.split });
  const baseIds = reportCaseIds(baseline);
  const candIds = reportCaseIds(candidate);
  let shared = 0;
  for (const id of baseIds) if (candIds.has(id)) shared++;
  return {
    same: baseline.dataset.hash === candidate.dataset.hash && baseline.dataset.split === candidate.dataset.split,
    baseline: side(baseline),
    candidate: side(candidate),
    sharedIds: shared,
    baselineOnlyIds: baseIds.size - shared,
    candidateOnlyIds: candIds.size - shared,
  };
}

/** One labeled case judged in both reports, against one gold label. */
export interface PairedCase {
  id: string;
  gold: string;
  base: string;
  /** The candidate's prediction, or `MISSING` (a wrong answer: a comparison never passes on results it does not have). */
  candidate: string;
  query?: string;
}

export interface Pairing {
  /** Labeled paired cases, in the baseline's order. */
  cases: PairedCase[];
  /** Cases of `cases` the candidate variant has no row for (judged wrong). */
  missing: number;
  /** Cases whose gold label differs between the reports (judged against the candidate's). */
  goldChanged: number;
}

/**
 * Pairs a baseline variant's cases with the candidate variant's by case id. On the same dataset
 * every baseline case counts, and one the candidate lacks is `MISSING`; on different datasets only
 * ids the candidate report holds at all (`candidateIds`) are compared. Unlabeled cases are skipped.
 * When a gold label changed, both predictions are judged against the candidate's: one truth for both.
 */
export function pairVariants(base: VariantResult, candidate: VariantResult, candidateIds: ReadonlySet<string> | null): Pairing {
  const candRows = new Map<string, CaseRow>();
  for (const row of candidate.cases) if (!candRows.has(row.id)) candRows.set(row.id, row);
  const cases: PairedCase[] = [];
  const seen = new Set<string>();
  let missing = 0;
  let goldChanged = 0;
  for (const b of base.cases) {
    if (seen.has(b.id)) continue;
    seen.add(b.id);
    if (candidateIds !== null && !candidateIds.has(b.id)) continue;
    const c = candRows.get(b.id);
    const gold = c?.gold ?? b.gold;
    if (gold === null) continue;
    if (c && c.gold !== null && b.gold !== null && c.gold !== b.gold) goldChanged++;
    if (!c) missing++;
    const query = c?.query ?? b.query;
    cases.push({ id: b.id, gold, base: b.prediction, candidate: c ? c.prediction : MISSING, ...(query !== undefined && { query }) });
  }
  return { cases, missing, goldChanged };
}

/** Counts of the four paired outcomes, in the order the bootstrap resamples them. */
export interface PairedCounts {
  /** Right in both. */
  kept: number;
  /** Right in the baseline, wrong in the candidate (McNemar's b). */
  broken: number;
  /** Wrong in the baseline, right in the candidate (McNemar's c). */
  fixed: number;
  /** Wrong in both. */
  wrong: number;
}

export function pairedCounts(cases: readonly PairedCase[]): PairedCounts {
  const counts: PairedCounts = { kept: 0, broken: 0, fixed: 0, wrong: 0 };
  for (const p of cases) {
    const b = p.base === p.gold;
    const c = p.candidate === p.gold;
    if (b && c) counts.kept++;
    else if (b) counts.broken++;
    else if (c) counts.fixed++;
    else counts.wrong++;
  }
  return counts;
}
