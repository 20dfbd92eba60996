import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../../src/metrics/index.ts';
import type { Metrics } from '../../src/report/schema.ts';
import { fixture, matchesDoctest, rowsOf } from './helpers.ts';

/**
 * labelgate's metrics against scikit-learn's documented examples: inputs and printed outputs are
 * carried verbatim into tests/fixtures/sklearn (each file records where it was copied from).
 */

type Labels = (string | number)[];

function metricsOf(yTrue: Labels, yPred: Labels, labels: Labels, names?: string[]): Metrics {
  // A prediction outside `labels` is what scikit-learn drops from every label's positives (with
  // `labels=` given) and what labelgate calls `invalid`: wrong for its gold label, nobody's positive.
  const name = (v: string | number) => {
    const i = labels.indexOf(v);
    return i < 0 ? 'invalid' : (names?.[i] ?? String(v));
  };
  return computeMetrics(rowsOf(yTrue, yPred, name), labels.map(name));
}

/** Micro averages over the label columns only, derived from the matrix (labelgate reports accuracy instead). */
function micro(m: Metrics): { precision: number; recall: number; f1: number } {
  const n = m.confusion.labels.length;
  const tp = m.confusion.matrix.reduce((s, row, i) => s + row[i]!, 0);
  const predicted = m.confusion.matrix.reduce((s, row) => s + row.slice(0, n).reduce((a, b) => a + b, 0), 0);
  const precision = tp / predicted;
  const recall = tp / m.labeled;
  return { precision, recall, f1: (2 * precision * recall) / (precision + recall) };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const weighted = (xs: number[], w: number[]) => xs.reduce((s, x, i) => s + x * w[i]!, 0) / w.reduce((a, b) => a + b, 0);

describe('classification_report (scikit-learn docs)', () => {
  interface Example {
    y_true: number[];
    y_pred: number[];
    labels: number[];
    target_names?: string[];
    printed: string[];
  }
  const { examples } = fixture<{ examples: Example[] }>('sklearn/classification_report.json');

  /** Parses the printed report: `name  p  r  f1  support` rows and the `accuracy  f1  support` row. */
  function parseReport(lines: string[]): Map<string, string[]> {
    const rows = new Map<string, string[]>();
    for (const line of lines.slice(1)) {
      const m = /^\s*(.+?)((?:\s+\d+\.\d+){1,3})\s+(\d+)$/.exec(line);
      if (m) rows.set(m[1]!, [...m[2]!.trim().split(/\s+/), m[3]!]);
    }
    return rows;
  }

  it.each(examples.map((e, i) => [i, e] as const))('example %i: every printed number', (_, e) => {
    const m = metricsOf(e.y_true, e.y_pred, e.labels, e.target_names);
    const printed = parseReport(e.printed);
    const names = e.target_names ?? e.labels.map(String);
    const f2 = (x: number) => x.toFixed(2);
    for (const name of names) {
      const p = m.perLabel[name]!;
      expect([f2(p.precision), f2(p.recall), f2(p.f1), String(p.support)], name).toEqual(printed.get(name));
    }
    const per = names.map((n) => m.perLabel[n]!);
    const support = per.map((p) => p.support);
    expect([f2(mean(per.map((p) => p.precision))), f2(mean(per.map((p) => p.recall))), f2(m.macroF1), String(m.labeled)]).toEqual(printed.get('macro avg'));
    expect([f2(weighted(per.map((p) => p.precision), support)), f2(weighted(per.map((p) => p.recall), support)), f2(m.weightedF1), String(m.labeled)]).toEqual(
      printed.get('weighted avg'),
    );
    if (printed.has('accuracy')) expect([f2(m.accuracy), String(m.labeled)]).toEqual(printed.get('accuracy'));
    if (printed.has('micro avg')) {
      const u = micro(m);
      expect([f2(u.precision), f2(u.recall), f2(u.f1), String(m.labeled)]).toEqual(printed.get('micro avg'));
    }
    expect(printed.size).toBe(names.length + 3);
  });

  it('example 2 flags the 0/0 of labels with no support and no predictions', () => {
    const e = examples[1]!;
    const m = metricsOf(e.y_true, e.y_pred, e.labels);
    expect(m.perLabel['2']!.undefinedMetrics).toEqual(['precision', 'recall', 'f1']);
    expect(m.perLabel['3']!.undefinedMetrics).toEqual(['precision', 'recall', 'f1']);
    expect(m.perLabel['1']!.undefinedMetrics).toBeUndefined();
    expect(m.invalid).toBe(1);
    expect(m.confusion.columns).toEqual(['1', '2', '3', 'invalid']);
  });
});

describe('confusion_matrix (scikit-learn docs)', () => {
  const { examples } = fixture<{ examples: { y_true: Labels; y_pred: Labels; labels: Labels; matrix: number[][] }[] }>('sklearn/confusion_matrix.json');
  it.each(examples.map((e, i) => [i, e] as const))('example %i', (_, e) => {
    const m = metricsOf(e.y_true, e.y_pred, e.labels);
    expect(m.confusion.matrix).toEqual(e.matrix);
    expect(m.confusion.labels).toEqual(e.labels.map(String));
    expect(m.confusion.columns).toEqual(e.labels.map(String));
  });
});

describe('precision_recall_fscore_support (scikit-learn docs)', () => {
  interface Example {
    y_true: string[];
    y_pred: string[];
    labels: string[];
    macro: string[];
    micro: string[];
    weighted: string[];
    perLabel: { precision: string[]; recall: string[]; f1: string[]; support: number[] };
  }
  const [e] = fixture<{ examples: Example[] }>('sklearn/precision_recall_fscore_support.json').examples;
  const m = metricsOf(e!.y_true, e!.y_pred, e!.labels);
  const per = e!.labels.map((l) => m.perLabel[l]!);

  it('per label, in the order given by labels=', () => {
    expect(Object.keys(m.perLabel)).toEqual(e!.labels);
    per.forEach((p, i) => {
      expect(matchesDoctest(p.precision, e!.perLabel.precision[i]!), `precision ${i}: ${p.precision}`).toBe(true);
      expect(matchesDoctest(p.recall, e!.perLabel.recall[i]!), `recall ${i}: ${p.recall}`).toBe(true);
      expect(matchesDoctest(p.f1, e!.perLabel.f1[i]!), `f1 ${i}: ${p.f1}`).toBe(true);
    });
    expect(per.map((p) => p.support)).toEqual(e!.perLabel.support);
  });

  it('macro, weighted and micro averages', () => {
    const support = per.map((p) => p.support);
    const macro = [mean(per.map((p) => p.precision)), mean(per.map((p) => p.recall)), m.macroF1];
    const weightedAvg = [weighted(per.map((p) => p.precision), support), weighted(per.map((p) => p.recall), support), m.weightedF1];
    const u = micro(m);
    macro.forEach((x, i) => expect(matchesDoctest(x, e!.macro[i]!), `macro ${i}: ${x}`).toBe(true));
    weightedAvg.forEach((x, i) => expect(matchesDoctest(x, e!.weighted[i]!), `weighted ${i}: ${x}`).toBe(true));
    [u.precision, u.recall, u.f1].forEach((x, i) => expect(matchesDoctest(x, e!.micro[i]!), `micro ${i}: ${x}`).toBe(true));
    expect(matchesDoctest(m.accuracy, e!.micro[0]!)).toBe(true);
  });
});

describe('f1_score (scikit-learn docs)', () => {
  const [e] = fixture<{ examples: { y_true: number[]; y_pred: number[]; labels: number[]; macro: string; micro: string; weighted: string; perLabel: string[] }[] }>(
    'sklearn/f1_score.json',
  ).examples;
  it('macro, weighted, micro and per-label F1', () => {
    const m = metricsOf(e!.y_true, e!.y_pred, e!.labels);
    expect(matchesDoctest(m.macroF1, e!.macro)).toBe(true);
    expect(matchesDoctest(m.weightedF1, e!.weighted)).toBe(true);
    expect(matchesDoctest(micro(m).f1, e!.micro)).toBe(true);
    e!.labels.forEach((l, i) => expect(matchesDoctest(m.perLabel[String(l)]!.f1, e!.perLabel[i]!)).toBe(true));
  });
});

describe('cohen_kappa_score (scikit-learn docs)', () => {
  const [e] = fixture<{ examples: { y1: string[]; y2: string[]; labels: string[]; kappa: string }[] }>('sklearn/cohen_kappa_score.json').examples;
  it('gold y1, predicted y2', () => {
    const m = metricsOf(e!.y1, e!.y2, e!.labels);
    expect(m.kappa).toBe(Number(e!.kappa));
  });
  it('is symmetric, as documented: swapping the annotators gives the same value', () => {
    expect(metricsOf(e!.y2, e!.y1, e!.labels).kappa).toBe(Number(e!.kappa));
  });
});

describe('accuracy_score (scikit-learn docs)', () => {
  const [e] = fixture<{ examples: { y_true: number[]; y_pred: number[]; labels: number[]; accuracy: string; correct: number }[] }>('sklearn/accuracy_score.json').examples;
  it('accuracy and the count of correct cases', () => {
    const m = metricsOf(e!.y_true, e!.y_pred, e!.labels);
    expect(m.accuracy).toBe(Number(e!.accuracy));
    expect(m.correct).toBe(e!.correct);
  });
});
