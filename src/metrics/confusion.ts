import { ERROR, INVALID, RESERVED_LABELS } from '../core/outcome.ts';
import { type CaseRow, type Metrics } from '../report/schema.ts';

/**
 * Confusion counts of the labeled cases: a row per gold label in the declared order, a column per
 * label, then `invalid` and `error`. Flat integer arrays, because the bootstrap and the 100k-case
 * reports work on these counts, never on the rows again.
 */
export interface ConfusionCounts {
  labels: readonly string[];
  /** Columns per row: the labels, then `invalid`, then `error`. */
  width: number;
  /** Row-major, labels.length × width. */
  cells: Int32Array;
  labeled: number;
}

export function checkLabelSet(labels: readonly string[]): void {
  if (labels.length === 0) throw new Error('metrics need at least one label');
  const seen = new Set<string>();
  for (const label of labels) {
    if (RESERVED_LABELS.includes(label)) throw new Error(`"${label}" cannot be a label name`);
    if (seen.has(label)) throw new Error(`duplicate label "${label}"`);
    seen.add(label);
  }
}

/** Counts the rows that have a gold label; unlabeled rows (gold null) are skipped. */
export function countConfusion(rows: readonly CaseRow[], labels: readonly string[]): ConfusionCounts {
  checkLabelSet(labels);
  const n = labels.length;
  const width = n + 2;
  const column = new Map<string, number>(labels.map((l, i) => [l, i]));
  column.set(INVALID, n);
  column.set(ERROR, n + 1);
  const cells = new Int32Array(n * width);
  let labeled = 0;
  for (const row of rows) {
    if (row.gold === null) continue;
    const g = column.get(row.gold);
    if (g === undefined || g >= n) throw new Error(`case "${row.id}": gold label "${row.gold}" is not one of ${labels.join(', ')}`);
    const p = column.get(row.prediction);
    if (p === undefined) throw new Error(`case "${row.id}": prediction "${row.prediction}" is neither a label nor ${INVALID} or ${ERROR}`);
    cells[g * width + p]!++;
    labeled++;
  }
  return { labels, width, cells, labeled };
}

/** Row sums (support), label-column sums (predicted) and the diagonal (true positives). */
export function marginals(counts: ConfusionCounts): { support: Float64Array; predicted: Float64Array; tp: Float64Array } {
  const n = counts.labels.length;
  const support = new Float64Array(n);
  const predicted = new Float64Array(n);
  const tp = new Float64Array(n);
  for (let g = 0; g < n; g++) {
    for (let p = 0; p < counts.width; p++) {
      const c = counts.cells[g * counts.width + p]!;
      support[g]! += c;
      if (p < n) predicted[p]! += c;
    }
    tp[g] = counts.cells[g * counts.width + g]!;
  }
  return { support, predicted, tp };
}

export function columnTotal(counts: ConfusionCounts, column: number): number {
  let total = 0;
  for (let g = 0; g < counts.labels.length; g++) total += counts.cells[g * counts.width + column]!;
  return total;
}

/** The report's matrix: the `invalid` and `error` columns appear only when they hold a case. */
export function confusionMatrix(counts: ConfusionCounts): Metrics['confusion'] {
  const n = counts.labels.length;
  const kept = counts.labels.map((_, i) => i);
  const columns = [...counts.labels];
  for (const [column, name] of [[n, INVALID], [n + 1, ERROR]] as const) {
    if (columnTotal(counts, column) === 0) continue;
    kept.push(column);
    columns.push(name);
  }
  const matrix = counts.labels.map((_, g) => kept.map((p) => counts.cells[g * counts.width + p]!));
  return { labels: [...counts.labels], columns, matrix };
}
