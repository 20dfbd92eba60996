import { describe, expect, it } from 'vitest';
import { labelDistribution } from '../../src/metrics/distribution.ts';
import { newcombeDifference, wilson } from '../../src/metrics/intervals.ts';
import { times } from '../helpers/apply-reports.ts';

describe('labelDistribution', () => {
  it('counts, shares and Wilson intervals per label, invalid and error as their own rows', () => {
    // 3 of 10 by hand (z = 1.96): p = 0.3, z²/n = 0.38416, centre = (0.3 + 0.19208)/1.38416 = 0.355508,
    // half-width = (1.96/1.38416)·√(0.3·0.7/10 + 3.8416/400) = 1.416021·√0.030604 = 0.247719,
    // so 0.107789–0.603227. 0 of 10: the upper end is z²/n/(1 + z²/n) = 0.38416/1.38416 = 0.277540.
    const d = labelDistribution([...times('a', 3), ...times('b', 6), 'invalid'], ['a', 'b']);
    expect(d.total).toBe(10);
    expect(d.rows.map((r) => [r.label, r.count, r.share])).toEqual([
      ['a', 3, 0.3],
      ['b', 6, 0.6],
      ['invalid', 1, 0.1],
      ['error', 0, 0],
    ]);
    const [a, b, invalid, error] = d.rows.map((r) => r.ci);
    expect(a!.low).toBeCloseTo(0.107789, 6);
    expect(a!.high).toBeCloseTo(0.603227, 6);
    // 6/10 and 1/10, the same formula (checked against an implementation written apart, in Python).
    expect(b!.low).toBeCloseTo(0.312670, 6);
    expect(b!.high).toBeCloseTo(0.831822, 6);
    expect(invalid!.low).toBeCloseTo(0.017876, 6);
    expect(invalid!.high).toBeCloseTo(0.404156, 6);
    expect(error).toEqual({ low: 0, high: expect.closeTo(0.27754, 5) });
  });

  it('no case: every share 0, nothing known', () => {
    const d = labelDistribution([], ['a']);
    expect(d.rows).toEqual([
      { label: 'a', count: 0, share: 0, ci: { low: 0, high: 1 } },
      { label: 'invalid', count: 0, share: 0, ci: { low: 0, high: 1 } },
      { label: 'error', count: 0, share: 0, ci: { low: 0, high: 1 } },
    ]);
  });

  it('a prediction that is neither a label nor an outcome is a bug, not a silent category', () => {
    expect(() => labelDistribution(['a', 'zzz'], ['a'])).toThrow(/"zzz" is neither a label/);
  });
});

describe("newcombeDifference (Newcombe 1998, Table II, method 10: Wilson's intervals combined)", () => {
  // The paper's eight examples, its published limits to 4 decimals.
  const examples: [number, number, number, number, number, number][] = [
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
    [6, 7, 2, 7, 0.0582, 0.8062],
    [5, 56, 0, 29, -0.0381, 0.1926],
    [0, 10, 0, 20, -0.1611, 0.2775],
    [0, 10, 0, 10, -0.2775, 0.2775],
    [10, 10, 0, 20, 0.6791, 1],
    [10, 10, 0, 10, 0.6075, 1],
  ];
  for (const [x1, n1, x2, n2, low, high] of examples) {
    it(`${x1}/${n1} − ${x2}/${n2}: ${low} to ${high}`, () => {
      const ci = newcombeDifference(x1, n1, x2, n2, 1.959963984540054);
      expect(ci.low).toBeCloseTo(low, 4);
      expect(ci.high).toBeCloseTo(high, 4);
    });
  }

  it('is built from the two Wilson intervals', () => {
    const w1 = wilson(45, 100);
    const w2 = wilson(30, 100);
    const ci = newcombeDifference(45, 100, 30, 100);
    expect(ci.low).toBeCloseTo(0.15 - Math.hypot(0.45 - w1.low, w2.high - 0.3), 14);
    expect(ci.high).toBeCloseTo(0.15 + Math.hypot(w1.high - 0.45, 0.3 - w2.low), 14);
  });

  it('needs a case on each side', () => {
    expect(() => newcombeDifference(0, 0, 1, 2)).toThrow(RangeError);
  });
});
