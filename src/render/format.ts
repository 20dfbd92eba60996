import type { Interval } from '../report/schema.ts';

/**
 * Number formatting shared by every renderer (text, markdown, diff, gate), so a rate reads the
 * same everywhere. Non-finite numbers print as "–" rather than "NaN%".
 */

const NONE = '–';

/** `x` with `digits` decimals, never "-0.0". */
export function fixed(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return NONE;
  const s = x.toFixed(digits);
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

/** A rate as a percentage: 0.7273 → "72.7%". */
export function pct(x: number, digits = 1): string {
  return Number.isFinite(x) ? `${fixed(x * 100, digits)}%` : NONE;
}

/** An interval of rates: "61.2–81.8%". */
export function pctInterval(ci: Interval, digits = 1): string {
  return `${fixed(ci.low * 100, digits)}–${fixed(ci.high * 100, digits)}%`;
}

/** A rate with its interval: "72.7% (61.2–81.8)". */
export function pctWithCI(x: number, ci: Interval, digits = 1): string {
  return `${pct(x, digits)} (${fixed(ci.low * 100, digits)}–${fixed(ci.high * 100, digits)})`;
}

/** A difference of rates in percentage points, always signed: "+3.0 pp", "-2.1 pp", "0.0 pp". */
export function pp(delta: number, digits = 1): string {
  if (!Number.isFinite(delta)) return NONE;
  const s = fixed(delta * 100, digits);
  return `${/^[-0.]+$/.test(s) || s.startsWith('-') ? s : `+${s}`} pp`;
}

/** A whole number with thousands separators: 100000 → "100,000". */
export function count(n: number): string {
  return Number.isFinite(n) ? String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',') : NONE;
}

/** US dollars: 4 decimals below $1 (a case costs fractions of a cent), else 2, with separators: "$0.0042", "$1,234.50". */
export function usd(x: number): string {
  if (!Number.isFinite(x)) return NONE;
  const [whole, frac] = fixed(x, Math.abs(x) < 1 ? 4 : 2).split('.');
  return `$${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`;
}
