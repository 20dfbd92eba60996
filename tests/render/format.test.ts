import { describe, expect, it } from 'vitest';
import { count, fixed, pct, pctInterval, pctWithCI, pp } from '../../src/render/format.ts';

describe('number formatting', () => {
  it('pct', () => {
    expect(pct(0.72727)).toBe('72.7%');
    expect(pct(1)).toBe('100.0%');
    expect(pct(0)).toBe('0.0%');
    expect(pct(0.123456, 2)).toBe('12.35%');
    expect(pct(Number.NaN)).toBe('–');
  });
  it('fixed never prints -0', () => {
    expect(fixed(-0.0001, 2)).toBe('0.00');
    expect(fixed(-0.5, 1)).toBe('-0.5');
    expect(fixed(0.6875, 3)).toBe('0.688');
  });
  it('intervals', () => {
    expect(pctInterval({ low: 0.5266, high: 0.8262 })).toBe('52.7–82.6%');
    expect(pctWithCI(0.697, { low: 0.5266, high: 0.8262 })).toBe('69.7% (52.7–82.6)');
  });
  it('percentage points are signed', () => {
    expect(pp(0.03)).toBe('+3.0 pp');
    expect(pp(-0.021)).toBe('-2.1 pp');
    expect(pp(0)).toBe('0.0 pp');
    expect(pp(-0.00001)).toBe('0.0 pp');
  });
  it('counts get thousands separators', () => {
    expect(count(100000)).toBe('100,000');
    expect(count(999)).toBe('999');
    expect(count(1234567)).toBe('1,234,567');
  });
});
