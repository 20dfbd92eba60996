import { bootstrapInterval, type BootstrapOptions } from '../metrics/intervals.ts';
import { f1Score, macroF1 } from '../metrics/per-label.ts';
import type { Interval } from '../report/schema.ts';
import type { PairedCase, PairedCounts } from './pairing.ts';

/**
 * Paired-bootstrap 95% interval of the change in accuracy (candidate − baseline) over the same
 * cases. Resampling cases resamples the four paired outcomes, so this is `bootstrapCounts` on them.
 */
export function accuracyDeltaInterval(counts: PairedCounts, options: BootstrapOptions): Interval {
  const n = counts.kept + counts.broken + counts.fixed + counts.wrong;
  if (n === 0) return { low: -1, high: 1 };
  if (counts.broken + counts.fixed === 0) return { low: 0, high: 0 };
  const cells = [counts.kept, counts.broken, counts.fixed, counts.wrong];
  return bootstrapInterval(cells, (s) => (s[2]! - s[1]!) / n, options);
}

/** Per-label counts of one side of a pairing, for precision/recall/F1 and the confusion matrix. */
export interface SideCounts {
  tp: Float64Array;
  support: Float64Array;
  predicted: Float64Array;
}

/**
 * The paired cases as joint cells (gold, baseline prediction, candidate prediction) with their
 * counts: everything per-label metrics depend on, so the bootstrap resamples cells, not cases.
 */
export interface JointCells {
  labels: readonly string[];
  gold: Int32Array;
  /** Column index: a label's index, or −1 for anything that is not one of `labels`. */
  base: Int32Array;
  candidate: Int32Array;
  weight: number[];
}

export function jointCells(cases: readonly PairedCase[], labels: readonly string[]): JointCells {
  const index = new Map(labels.map((l, i) => [l, i]));
  const col = (p: string): number => index.get(p) ?? -1;
  const cells = new Map<string, { g: number; b: number; c: number; w: number }>();
  for (const p of cases) {
    const g = index.get(p.gold);
    if (g === undefined) throw new Error(`gold label "${p.gold}" of case "${p.id}" is not in the label list`);
    const b = col(p.base);
    const c = col(p.candidate);
    const key = `${g},${b},${c}`;
    const cell = cells.get(key);
    if (cell) cell.w++;
    else cells.set(key, { g, b, c, w: 1 });
  }
  const list = [...cells.values()];
  return {
    labels,
    gold: Int32Array.from(list, (x) => x.g),
    base: Int32Array.from(list, (x) => x.b),
    candidate: Int32Array.from(list, (x) => x.c),
    weight: list.map((x) => x.w),
  };
}

function emptySide(n: number): SideCounts {
  return { tp: new Float64Array(n), support: new Float64Array(n), predicted: new Float64Array(n) };
}

function clear(side: SideCounts): void {
  side.tp.fill(0);
  side.support.fill(0);
  side.predicted.fill(0);
}

function count(side: SideCounts, gold: number, prediction: number, w: number): void {
  side.support[gold]! += w;
  if (prediction >= 0) side.predicted[prediction]! += w;
  if (prediction === gold) side.tp[gold]! += w;
}

// Runs once per bootstrap resample, from the first one on, before the JIT has optimised anything:
// no arrays or iterators are made per cell.
function accumulate(j: JointCells, weights: ArrayLike<number>, base: SideCounts, candidate: SideCounts): void {
  clear(base);
  clear(candidate);
  for (let k = 0; k < j.gold.length; k++) {
    const w = weights[k]!;
    if (w === 0) continue;
    const g = j.gold[k]!;
    count(base, g, j.base[k]!, w);
    count(candidate, g, j.candidate[k]!, w);
  }
}

/** Per-label counts of both sides, from the joint cells. */
export function sideCounts(j: JointCells): { base: SideCounts; candidate: SideCounts } {
  const base = emptySide(j.labels.length);
  const candidate = emptySide(j.labels.length);
  accumulate(j, j.weight, base, candidate);
  return { base, candidate };
}

export function sideMacroF1(s: SideCounts): number {
  return s.tp.length === 0 ? 0 : macroF1(s.tp, s.support, s.predicted);
}

export function sideF1(s: SideCounts, i: number): number {
  return f1Score(s.tp[i]!, s.support[i]!, s.predicted[i]!);
}

/** Paired-bootstrap 95% interval of the change in macro-F1 (candidate − baseline). */
export function macroF1DeltaInterval(j: JointCells, options: BootstrapOptions): Interval {
  if (j.weight.length === 0) return { low: -1, high: 1 };
  const base = emptySide(j.labels.length);
  const candidate = emptySide(j.labels.length);
  return bootstrapInterval(
    j.weight,
    (sample) => {
      accumulate(j, sample, base, candidate);
      return sideMacroF1(candidate) - sideMacroF1(base);
    },
    options,
  );
}
