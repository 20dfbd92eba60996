import { count, fixed, pct, pp, usd } from '../../render/format.ts';
import type { Report, VariantResult } from '../../report/schema.ts';
import type { Column } from './columns.ts';
import { pairColumns, pairedTest, type PairedTest } from './significance.ts';

export type Better = 'higher' | 'lower';

export interface DeltaCell {
  value: number;
  /** Signed: "+3.0 pp", "-120 ms"; a significant change carries SIGNIFICANT_MARK. */
  text: string;
  /** null when the gate has no paired test for this row. */
  test: PairedTest | null;
}

export interface SummaryCell {
  value: number | null;
  text: string;
  /** The 95% interval, shown when there is room. */
  detail?: string;
  best: boolean;
  /** Change against the reference column; null in the reference column itself and when either side has no value. */
  delta: DeltaCell | null;
}

export interface SummaryRow {
  key: string;
  /** Metric name; a label's rows are "label precision" etc. Label names are untrusted text. */
  label: string;
  /** The label a per-label row belongs to. */
  of?: string;
  better: Better;
  cells: SummaryCell[];
}

export interface SummaryTable {
  columns: string[];
  reference: number;
  alpha: number;
  rows: SummaryRow[];
  /** The case rows are still being read: deltas are shown, the paired tests come once they are in. */
  testsPending?: boolean;
}

/** Text markers, so that no distinction depends on colour alone. */
export const BEST_MARK = '*';
export const SIGNIFICANT_MARK = '!';

interface RowSpec {
  key: string;
  label: string;
  of?: string;
  better: Better;
  kind: 'rate' | 'count' | 'ms' | 'usd';
  value: (v: VariantResult) => number | null;
  detail?: (v: VariantResult) => string;
  /** Paired cases the gate's test runs on for this row: all of them (accuracy) or one gold label's (recall). */
  tested?: 'all' | { gold: string };
}

function rowSpecs(labels: readonly string[]): RowSpec[] {
  const ci = (i: { low: number; high: number }) => `${fixed(i.low * 100, 1)}–${fixed(i.high * 100, 1)}`;
  const perLabel = (l: string, m: 'precision' | 'recall' | 'f1') => (v: VariantResult) => v.metrics.perLabel[l]?.[m] ?? null;
  const rate = (n: (v: VariantResult) => number) => (v: VariantResult) => (v.metrics.labeled === 0 ? null : n(v) / v.metrics.labeled);
  return [
    { key: 'accuracy', label: 'accuracy', better: 'higher', kind: 'rate', value: (v) => v.metrics.accuracy, detail: (v) => ci(v.metrics.accuracyCI), tested: 'all' },
    { key: 'macroF1', label: 'macro-F1', better: 'higher', kind: 'rate', value: (v) => v.metrics.macroF1, detail: (v) => ci(v.metrics.macroF1CI) },
    ...labels.flatMap((l): RowSpec[] => [
      { key: `precision:${l}`, label: `${l} precision`, of: l, better: 'higher', kind: 'rate', value: perLabel(l, 'precision') },
      {
        key: `recall:${l}`,
        label: `${l} recall`,
        of: l,
        better: 'higher',
        kind: 'rate',
        value: perLabel(l, 'recall'),
        detail: (v) => (v.metrics.perLabel[l] ? ci(v.metrics.perLabel[l].recallCI) : ''),
        tested: { gold: l },
      },
      { key: `f1:${l}`, label: `${l} F1`, of: l, better: 'higher', kind: 'rate', value: perLabel(l, 'f1') },
    ]),
    { key: 'invalid', label: 'invalid rate', better: 'lower', kind: 'rate', value: rate((v) => v.metrics.invalid) },
    { key: 'error', label: 'error rate', better: 'lower', kind: 'rate', value: rate((v) => v.metrics.error) },
    { key: 'tokens', label: 'tokens', better: 'lower', kind: 'count', value: (v) => (v.usage.tokens.total > 0 ? v.usage.tokens.total : null) },
    { key: 'cost', label: 'cost', better: 'lower', kind: 'usd', value: (v) => v.usage.costUsd ?? null },
    { key: 'cost1k', label: 'cost / 1k cases', better: 'lower', kind: 'usd', value: (v) => v.usage.costPer1kCases ?? null },
    { key: 'p50', label: 'latency p50', better: 'lower', kind: 'ms', value: (v) => v.usage.latencyMs?.p50 ?? null },
    { key: 'p95', label: 'latency p95', better: 'lower', kind: 'ms', value: (v) => v.usage.latencyMs?.p95 ?? null },
  ];
}

function formatValue(kind: RowSpec['kind'], x: number): string {
  switch (kind) {
    case 'rate':
      return pct(x);
    case 'count':
      return count(Math.round(x));
    case 'ms':
      return `${count(Math.round(x))} ms`;
    case 'usd':
      return usd(x);
  }
}

function formatDelta(kind: RowSpec['kind'], d: number): string {
  if (kind === 'rate') return pp(d).replace(' pp', 'pp');
  const sign = d > 0 ? '+' : d < 0 ? '-' : '±';
  return `${sign}${formatValue(kind, Math.abs(d))}`;
}

/**
 * The summary as data: one row per metric, one cell per column, the best value of each row marked
 * and each column's change against `reference`, with the gate's paired test where the gate has one
 * (none yet while `testsPending`: the reports' case rows are not read).
 */
export function summaryTable(columns: readonly Column[], reports: readonly Report[], labels: readonly string[], reference: number, alpha: number, testsPending = false): SummaryTable {
  const ref = columns[reference];
  const paired = columns.map((c, i) => (ref && i !== reference && !testsPending ? pairColumns(ref, c, reports) : null));
  const rows = rowSpecs(labels).map((spec): SummaryRow => {
    const values = columns.map((c) => {
      const x = spec.value(c.variant);
      return x === null || !Number.isFinite(x) ? null : x;
    });
    const present = values.filter((x): x is number => x !== null);
    const target = present.length === 0 ? null : spec.better === 'higher' ? Math.max(...present) : Math.min(...present);
    const allSame = present.every((x) => x === present[0]);
    const refValue = values[reference] ?? null;
    const cells = columns.map((c, i): SummaryCell => {
      const value = values[i]!;
      const cases = paired[i];
      let delta: DeltaCell | null = null;
      if (value !== null && refValue !== null && ref && i !== reference) {
        const tested = spec.tested === undefined || !cases ? undefined : spec.tested === 'all' ? cases : cases.filter((p) => p.gold === (spec.tested as { gold: string }).gold);
        const test = tested === undefined ? null : pairedTest(tested, alpha);
        const d = value - refValue;
        delta = { value: d, text: `${formatDelta(spec.kind, d)}${test?.significant ? SIGNIFICANT_MARK : ''}`, test };
      }
      const detail = value === null ? undefined : spec.detail?.(c.variant);
      return {
        value,
        text: value === null ? '–' : formatValue(spec.kind, value),
        ...(detail ? { detail } : {}),
        best: value !== null && present.length > 1 && !allSame && value === target,
        delta,
      };
    });
    return { key: spec.key, label: spec.label, ...(spec.of !== undefined && { of: spec.of }), better: spec.better, cells };
  });
  return { columns: columns.map((c) => c.title), reference, alpha, rows, ...(testsPending && { testsPending }) };
}
