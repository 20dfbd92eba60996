import { evaluate } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/metrics/random.ts';
import { derivedMetricFunctions, withDerivedMetricFunctions } from '../../src/promptfoo/derived-metrics.ts';
import { derivedMetricsFor, namedScoresFor } from '../../src/promptfoo/named-scores.ts';
import { INVALID, ERROR } from '../../src/core/outcome.ts';

const labels = ['artifact', 'integrations', 'visualisation', 'other'];

/** promptfoo's loop over derived metrics (in order, each result added to the scope), with mathjs or with the functions. */
function derive(scores: Record<string, number>, how: 'mathjs' | 'functions'): Record<string, number | string> {
  const fns = derivedMetricFunctions(labels);
  const scope: Record<string, number> = { ...scores };
  const out: Record<string, number | string> = {};
  for (const m of derivedMetricsFor(labels)) {
    try {
      scope[m.name] = how === 'mathjs' ? (evaluate(m.value, scope) as number) : fns.get(m.name)!(scope);
      out[m.name] = scope[m.name]!;
    } catch {
      out[m.name] = 'error';
    }
  }
  return out;
}

describe('derived metrics as functions', () => {
  it('give exactly what mathjs gives on the same sums, zero counts and unseen sums included', () => {
    const rng = mulberry32(11);
    const outcomes = [...labels, INVALID, ERROR];
    for (let trial = 0; trial < 300; trial++) {
      const sums: Record<string, number> = {};
      const n = Math.floor(rng() * 40);
      for (let i = 0; i < n; i++) {
        // Some labels never occur, so some sums are 0 and some ratios 0/0.
        const gold = labels[Math.floor(rng() * (trial % 4 === 0 ? 2 : 4))]!;
        const pred = rng() < 0.6 ? gold : outcomes[Math.floor(rng() * outcomes.length)]!;
        for (const [k, v] of Object.entries(namedScoresFor(gold, pred, labels))) sums[k] = (sums[k] ?? 0) + v;
      }
      // Before the first labeled case promptfoo has no sums at all: both ways fail alike.
      expect(derive(sums, 'functions')).toStrictEqual(derive(sums, 'mathjs'));
    }
    expect(derive({}, 'functions')).toStrictEqual(Object.fromEntries(derivedMetricsFor(labels).map((m) => [m.name, 'error'])));
  });

  it('replace only the metrics labelgate generated for these labels, as generated', () => {
    const generated = derivedMetricsFor(labels);
    const edited = { name: 'accuracy', value: 'correct / labeled' };
    const own = { name: 'share_other', value: 'tp_other / labeled' };
    const out = withDerivedMetricFunctions([edited, ...generated.slice(1), own], [labels]);
    expect(out[0]).toEqual(edited);
    expect(out.at(-1)).toEqual(own);
    expect(out.slice(1, -1).every((m) => typeof m.value === 'function')).toBe(true);
    expect(out.slice(1, -1).map((m) => m.name)).toEqual(generated.slice(1).map((m) => m.name));
    // Metrics generated for other labels do not match, but for accuracy, which is the same for any labels.
    const other = withDerivedMetricFunctions(derivedMetricsFor(['x', 'y']), [labels]);
    expect(other.filter((m) => typeof m.value === 'function').map((m) => m.name)).toEqual(['accuracy']);
  });
});
