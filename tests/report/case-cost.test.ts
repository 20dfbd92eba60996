import { describe, expect, it } from 'vitest';
import { computeUsage } from '../../src/metrics/variant-result.ts';
import type { CaseRow } from '../../src/report/schema.ts';

const rows: CaseRow[] = [
  { id: 'a', gold: 'x', prediction: 'x', costUsd: 0.25 },
  { id: 'b', gold: 'x', prediction: 'error' },
  { id: 'c', gold: null, prediction: 'y', costUsd: 0.5 },
];

describe('cost in a variant’s usage', () => {
  it('is the sum of the cases’ own costs (labeled or not) when the caller gives no price', () => {
    expect(computeUsage(rows).costUsd).toBe(0.75);
  });

  it('is the caller’s price when given, and absent when nobody priced anything', () => {
    expect(computeUsage(rows, 2).costUsd).toBe(2);
    expect(computeUsage(rows.map(({ costUsd: _, ...r }) => r)).costUsd).toBeUndefined();
  });
});
