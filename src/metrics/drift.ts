import { OUTCOMES } from '../core/outcome.ts';
import type { ApplyReport } from '../report/apply-schema.ts';
import type { Interval } from '../report/schema.ts';
import { chiSquareHomogeneity, normalCritical, type ChiSquareTest } from './chi-square.ts';
import { newcombeDifference } from './intervals.ts';

/**
 * Drift between two label distributions (an earlier apply report and a later one): per category the
 * change in share with Newcombe's interval, Pearson's chi-square test of homogeneity on the 2 × K
 * table, and the population stability index. Pure: two reports in, numbers out.
 */

export const DEFAULT_DRIFT_ALPHA = 0.05;

/**
 * Shares of 0 are replaced by this in the PSI, whose terms ln(a/e) are otherwise infinite; 0.0001 is
 * the usual choice in credit-scoring practice, where the index comes from. The other shares are kept
 * as they are (not renormalised), so a category absent on both sides adds nothing.
 */
export const PSI_EPSILON = 1e-4;

/** The conventional PSI bands (credit-scoring practice, e.g. Siddiqi 2006): rules of thumb, not a test. */
export const PSI_BANDS = { moderate: 0.1, large: 0.25 } as const;
export type PsiBand = 'small' | 'moderate' | 'large';

export interface CategoryDrift {
  label: string;
  earlier: { count: number; share: number };
  later: { count: number; share: number };
  /** later share − earlier share. */
  change: number;
  /** Newcombe's hybrid score interval of the change, at level 1 − α. */
  ci: Interval;
  /** The overall test is significant and this category's interval excludes 0 (a protected, Fisher-LSD-style reading). */
  shifted: boolean;
}

export interface Transition {
  from: string;
  to: string;
  count: number;
  /** The first few case ids that made this move, in corpus order. */
  examples: string[];
}

/** Cases present in both reports (by id) and how many of them changed label. */
export interface LabelChanges {
  shared: number;
  changed: number;
  onlyEarlier: number;
  onlyLater: number;
  /** From → to moves, most frequent first. */
  transitions: Transition[];
}

export interface Drift {
  alpha: number;
  /** Level of the per-category intervals: 1 − α. */
  level: number;
  categories: CategoryDrift[];
  /** Categories with no case in either report: left out of the chi-square test (an all-zero column has no expected count). */
  dropped: string[];
  chiSquare: ChiSquareTest & { significant: boolean };
  psi: { value: number; epsilon: number; band: PsiBand };
  /** The distributions differ significantly at α (the chi-square test). */
  flagged: boolean;
  /** Both reports came from the same variant, version and content hash. */
  sameVariant: boolean;
  changes: LabelChanges;
}

export const EXAMPLES_PER_TRANSITION = 3;

/** PSI = Σ (a − e) · ln(a / e) over categories, a the later share and e the earlier, zeros replaced by ε. */
export function populationStabilityIndex(earlier: readonly number[], later: readonly number[], epsilon = PSI_EPSILON): number {
  let psi = 0;
  for (let i = 0; i < earlier.length; i++) {
    const e = earlier[i]! === 0 ? epsilon : earlier[i]!;
    const a = later[i]! === 0 ? epsilon : later[i]!;
    psi += (a - e) * Math.log(a / e);
  }
  return psi;
}

export const psiBand = (psi: number): PsiBand => (psi >= PSI_BANDS.large ? 'large' : psi >= PSI_BANDS.moderate ? 'moderate' : 'small');

/** The categories of both reports: the later variant's labels, then labels only the earlier one has, then the outcomes. */
function unionCategories(earlier: ApplyReport, later: ApplyReport): string[] {
  return [...new Set([...later.variant.labels, ...earlier.variant.labels])].concat(OUTCOMES);
}

function countsOver(report: ApplyReport, categories: readonly string[]): number[] {
  const index = new Map(categories.map((c, i) => [c, i]));
  const counts = new Array<number>(categories.length).fill(0);
  for (const c of report.cases) counts[index.get(c.prediction)!]! += 1;
  return counts;
}

/** How the cases both reports hold (by id) moved between labels. */
export function labelChanges(earlier: ApplyReport, later: ApplyReport, examples = EXAMPLES_PER_TRANSITION): LabelChanges {
  const before = new Map(earlier.cases.map((c) => [c.id, c.prediction]));
  const moves = new Map<string, Transition>();
  let shared = 0;
  let changed = 0;
  for (const c of later.cases) {
    const from = before.get(c.id);
    if (from === undefined) continue;
    shared++;
    if (from === c.prediction) continue;
    changed++;
    const key = JSON.stringify([from, c.prediction]);
    let t = moves.get(key);
    if (!t) moves.set(key, (t = { from, to: c.prediction, count: 0, examples: [] }));
    t.count++;
    if (t.examples.length < examples) t.examples.push(c.id);
  }
  const transitions = [...moves.values()].sort((a, b) => b.count - a.count || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  return { shared, changed, onlyEarlier: earlier.cases.length - shared, onlyLater: later.cases.length - shared, transitions };
}

/** Drift from `earlier` to `later`; both must hold at least one case. */
export function compareDistributions(earlier: ApplyReport, later: ApplyReport, alpha = DEFAULT_DRIFT_ALPHA): Drift {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be between 0 and 1 (got ${alpha})`);
  const n1 = earlier.cases.length;
  const n2 = later.cases.length;
  if (n1 === 0 || n2 === 0) throw new RangeError('compareDistributions: both reports need at least one case');
  const labels = unionCategories(earlier, later);
  const before = countsOver(earlier, labels);
  const after = countsOver(later, labels);
  const kept = labels.flatMap((_, i) => (before[i]! + after[i]! > 0 ? [i] : []));
  const test = chiSquareHomogeneity([kept.map((i) => before[i]!), kept.map((i) => after[i]!)]);
  const significant = test.df > 0 && test.pValue < alpha;
  const z = normalCritical(1 - alpha);
  const categories = labels.map((label, i): CategoryDrift => {
    const ci = newcombeDifference(after[i]!, n2, before[i]!, n1, z);
    return {
      label,
      earlier: { count: before[i]!, share: before[i]! / n1 },
      later: { count: after[i]!, share: after[i]! / n2 },
      change: after[i]! / n2 - before[i]! / n1,
      ci,
      shifted: significant && (ci.low > 0 || ci.high < 0),
    };
  });
  const psi = populationStabilityIndex(
    categories.map((c) => c.earlier.share),
    categories.map((c) => c.later.share),
  );
  const [a, b] = [earlier.variant, later.variant];
  return {
    alpha,
    level: 1 - alpha,
    categories,
    dropped: labels.filter((_, i) => before[i]! + after[i]! === 0),
    chiSquare: { ...test, significant },
    psi: { value: psi, epsilon: PSI_EPSILON, band: psiBand(psi) },
    flagged: significant,
    sameVariant: a.name === b.name && a.version === b.version && a.hash === b.hash,
    changes: labelChanges(earlier, later),
  };
}
