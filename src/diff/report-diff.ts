import { countConfusion } from '../metrics/confusion.ts';
import { DEFAULT_RESAMPLES, DEFAULT_SEED, headline } from '../metrics/index.ts';
import type { BootstrapOptions } from '../metrics/intervals.ts';
import { ERROR, INVALID, MISSING } from '../core/outcome.ts';
import { type ClassifierInfo, type Interval, type Report, type VariantResult } from '../report/schema.ts';
import { accuracyDeltaInterval, jointCells, macroF1DeltaInterval, sideCounts, sideF1, sideMacroF1, type SideCounts } from '../compare/paired-metrics.ts';
import { datasetNotes, variantChanges, type VariantChanges } from '../compare/changes.ts';
import { compareDatasets, pairedCounts, pairVariants, removedCaseIds, reportCaseIds, type DatasetComparison, type PairedCase } from '../compare/pairing.ts';

/** A number in both reports and its change (candidate − baseline). */
export interface Delta {
  base: number;
  candidate: number;
  delta: number;
}

export type CostPer1k = number | 'unknown' | null;

export interface DeltaWithCI extends Delta {
  /** Paired-bootstrap 95% interval of `delta`. */
  ci: Interval;
}

export type Transition = 'fixed' | 'broken' | 'changed';
export const TRANSITIONS: readonly Transition[] = ['broken', 'fixed', 'changed'];

/** A case whose prediction changed: fixed (wrong → right), broken (right → wrong) or changed (wrong → differently wrong). */
export interface Flip {
  id: string;
  gold: string;
  base: string;
  candidate: string;
  query?: string;
}

export interface VariantIdentity {
  version: string;
  hash: string;
  backend: string;
  model?: string;
  classifier?: ClassifierInfo;
}

export interface UsageDiff {
  tokens: Delta;
  promptTokens: Delta;
  completionTokens: Delta;
  /** Only when both reports priced the run. */
  costUsd?: Delta;
  costPer1kCases?: Delta;
  /**
   * Each side's cost per 1,000 cases when either side was billed: a number, `unknown` (billed but not
   * priced, so that it never reads as free), or null (not billed: offline, replay).
   */
  cost1k?: { base: CostPer1k; candidate: CostPer1k };
  /** Mean latency per case; only when both recorded one. */
  latencyMeanMs?: Delta;
  latencyP95Ms?: Delta;
}

export interface ComparedVariant {
  status: 'compared';
  name: string;
  base: VariantIdentity;
  candidate: VariantIdentity;
  changes: VariantChanges;
  /** Labeled cases judged in both (the denominator of every paired number). */
  paired: number;
  /** Paired cases the candidate has no row for (counted wrong). */
  missing: number;
  /** The baseline's case ids the candidate variant does not evaluate, on any dataset (the gate's `maxRemovedCases`). */
  removed: string[];
  goldChanged: number;
  accuracy: DeltaWithCI;
  macroF1: DeltaWithCI;
  /** In label order. */
  perLabel: { label: string; support: number; precision: Delta; recall: Delta; f1: Delta }[];
  /** Rows gold labels, columns predictions (labels, then `invalid`, `error`, `(missing)` when they occur). */
  confusion: { labels: string[]; columns: string[]; base: number[][]; candidate: number[][]; delta: number[][] };
  flips: Record<Transition, Flip[]>;
  usage: UsageDiff;
}

/** A variant in only one of the reports, with its own headline numbers. */
export interface LoneVariant {
  status: 'added' | 'removed';
  name: string;
  identity: VariantIdentity;
  accuracy: number;
  macroF1: number;
  labeled: number;
}

export type VariantDiff = ComparedVariant | LoneVariant;

export interface ReportDiff {
  dataset: DatasetComparison;
  base: { createdAt: string };
  candidate: { createdAt: string };
  /** Candidate order, then variants only the baseline has. */
  variants: VariantDiff[];
  bootstrap: BootstrapOptions;
  notes: string[];
}

export interface DiffOptions {
  bootstrap?: Partial<BootstrapOptions>;
}

/** What changed between two reports, variant by variant (paired by name), on the cases they share. */
export function diffReports(base: Report, candidate: Report, options: DiffOptions = {}): ReportDiff {
  const bootstrap: BootstrapOptions = { seed: options.bootstrap?.seed ?? DEFAULT_SEED, resamples: options.bootstrap?.resamples ?? DEFAULT_RESAMPLES };
  const dataset = compareDatasets(base, candidate);
  const candidateIds = dataset.same ? null : reportCaseIds(candidate);
  const baseByName = new Map(base.variants.map((v) => [v.name, v]));
  const candNames = new Set(candidate.variants.map((v) => v.name));
  const variants: VariantDiff[] = [];
  for (const cv of candidate.variants) {
    const bv = baseByName.get(cv.name);
    variants.push(bv ? compareVariant(bv, cv, candidateIds, bootstrap) : lone('added', cv));
  }
  for (const bv of base.variants) if (!candNames.has(bv.name)) variants.push(lone('removed', bv));
  return {
    dataset,
    base: { createdAt: base.createdAt },
    candidate: { createdAt: candidate.createdAt },
    variants,
    bootstrap,
    notes: datasetNotes(dataset),
  };
}

function identity(v: VariantResult): VariantIdentity {
  return { version: v.version, hash: v.hash, backend: v.backend, ...(v.model !== undefined && { model: v.model }), ...(v.classifier !== undefined && { classifier: v.classifier }) };
}

/** Its headline numbers from its rows, as a compared variant's are: never the figures a report stores. */
function lone(status: LoneVariant['status'], v: VariantResult): LoneVariant {
  const { accuracy, macroF1, labeled } = headline(countConfusion(v.cases, v.labels));
  return { status, name: v.name, identity: identity(v), accuracy, macroF1, labeled };
}

/** The candidate's labels in order, then any the baseline or the gold labels add. */
function labelUnion(bv: VariantResult, cv: VariantResult, cases: readonly PairedCase[]): string[] {
  const labels = [...cv.labels];
  const seen = new Set(labels);
  const add = (l: string): void => {
    if (!seen.has(l)) {
      seen.add(l);
      labels.push(l);
    }
  };
  for (const l of bv.labels) add(l);
  for (const p of cases) add(p.gold);
  return labels;
}

function compareVariant(bv: VariantResult, cv: VariantResult, candidateIds: ReadonlySet<string> | null, bootstrap: BootstrapOptions): ComparedVariant {
  const pairing = pairVariants(bv, cv, candidateIds);
  const { cases } = pairing;
  const n = cases.length;
  const labels = labelUnion(bv, cv, cases);
  const counts = pairedCounts(cases);
  const joint = jointCells(cases, labels);
  const sides = sideCounts(joint);
  const accBase = n === 0 ? 0 : (counts.kept + counts.broken) / n;
  const accCand = n === 0 ? 0 : (counts.kept + counts.fixed) / n;
  const f1Base = sideMacroF1(sides.base);
  const f1Cand = sideMacroF1(sides.candidate);
  const flips: Record<Transition, Flip[]> = { fixed: [], broken: [], changed: [] };
  for (const p of cases) {
    if (p.base === p.candidate) continue;
    const transition: Transition = p.base === p.gold ? 'broken' : p.candidate === p.gold ? 'fixed' : 'changed';
    flips[transition].push(p);
  }
  return {
    status: 'compared',
    name: cv.name,
    base: identity(bv),
    candidate: identity(cv),
    changes: variantChanges(bv, cv),
    paired: n,
    missing: pairing.missing,
    removed: removedCaseIds(bv, cv),
    goldChanged: pairing.goldChanged,
    accuracy: { base: accBase, candidate: accCand, delta: accCand - accBase, ci: accuracyDeltaInterval(counts, bootstrap) },
    macroF1: { base: f1Base, candidate: f1Cand, delta: f1Cand - f1Base, ci: macroF1DeltaInterval(joint, bootstrap) },
    perLabel: labels.map((label, i) => ({
      label,
      support: sides.candidate.support[i]!,
      precision: delta(precision(sides.base, i), precision(sides.candidate, i)),
      recall: delta(recall(sides.base, i), recall(sides.candidate, i)),
      f1: delta(sideF1(sides.base, i), sideF1(sides.candidate, i)),
    })),
    confusion: confusionDelta(cases, labels),
    flips,
    usage: usageDiff(bv, cv),
  };
}

function delta(base: number, candidate: number): Delta {
  return { base, candidate, delta: candidate - base };
}

function precision(s: SideCounts, i: number): number {
  return s.predicted[i] === 0 ? 0 : s.tp[i]! / s.predicted[i]!;
}

function recall(s: SideCounts, i: number): number {
  return s.support[i] === 0 ? 0 : s.tp[i]! / s.support[i]!;
}

function confusionDelta(cases: readonly PairedCase[], labels: readonly string[]): ComparedVariant['confusion'] {
  const extras = [INVALID, ERROR, MISSING];
  const used = new Set<string>();
  for (const p of cases) used.add(p.base).add(p.candidate);
  const others = [...used].filter((p) => !labels.includes(p) && !extras.includes(p)).sort();
  const columns = [...labels, ...others, ...extras.filter((e) => used.has(e))];
  const col = new Map(columns.map((c, i) => [c, i]));
  const row = new Map(labels.map((l, i) => [l, i]));
  const zero = (): number[][] => labels.map(() => columns.map(() => 0));
  const base = zero();
  const candidate = zero();
  for (const p of cases) {
    const g = row.get(p.gold)!;
    base[g]![col.get(p.base)!]!++;
    candidate[g]![col.get(p.candidate)!]!++;
  }
  const d = candidate.map((r, g) => r.map((x, c) => x - base[g]![c]!));
  return { labels: [...labels], columns, base, candidate, delta: d };
}

function usageDiff(bv: VariantResult, cv: VariantResult): UsageDiff {
  const b = bv.usage;
  const c = cv.usage;
  return {
    tokens: delta(b.tokens.total, c.tokens.total),
    promptTokens: delta(b.tokens.prompt, c.tokens.prompt),
    completionTokens: delta(b.tokens.completion, c.tokens.completion),
    ...(b.costUsd !== undefined && c.costUsd !== undefined && { costUsd: delta(b.costUsd, c.costUsd) }),
    ...(b.costPer1kCases !== undefined && c.costPer1kCases !== undefined && { costPer1kCases: delta(b.costPer1kCases, c.costPer1kCases) }),
    ...((billed(b) || billed(c)) && { cost1k: { base: costPer1k(b), candidate: costPer1k(c) } }),
    ...(b.latencyMs && c.latencyMs && { latencyMeanMs: delta(b.latencyMs.mean, c.latencyMs.mean), latencyP95Ms: delta(b.latencyMs.p95, c.latencyMs.p95) }),
  };
}

const billed = (u: VariantResult['usage']): boolean => u.costUsd !== undefined || u.costUnknown !== undefined;
const costPer1k = (u: VariantResult['usage']): CostPer1k => u.costPer1kCases ?? (u.costUnknown !== undefined ? 'unknown' : null);
