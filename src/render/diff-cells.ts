import { TRANSITIONS, type ComparedVariant, type CostPer1k, type Delta, type DeltaWithCI, type Transition, type UsageDiff } from '../diff/report-diff.ts';
import { shortHash } from '../core/hash.ts';
import type { Interval } from '../report/schema.ts';
import { count, fixed, pct, pp, usd } from './format.ts';

/** Cells and words shared by the diff's text and markdown renderers; each escapes data text its own way. */

export const TRANSITION_TEXT: Record<Transition, { title: string; meaning: string }> = {
  broken: { title: 'Broken', meaning: 'right → wrong' },
  fixed: { title: 'Fixed', meaning: 'wrong → right' },
  changed: { title: 'Changed', meaning: 'wrong both times, differently' },
};

/** Whether a compared variant has anything to show beyond its summary row. */
export function changed(v: ComparedVariant): boolean {
  const c = v.changes;
  return c.version || c.hash || c.backend || c.model || c.classifier || v.missing > 0 || v.removed.length > 0 || v.goldChanged > 0 || TRANSITIONS.some((t) => v.flips[t].length > 0);
}

/**
 * The baseline's cases the candidate does not evaluate, by id: the first `max`, each formatted by
 * the renderer's own escaping, and how many more.
 */
export function removedLine(v: ComparedVariant, id: (id: string) => string, max: number): string {
  const shown = v.removed.slice(0, max).map(id).join(', ');
  const more = v.removed.length > max ? `, … ${count(v.removed.length - max)} more` : '';
  return `${count(v.removed.length)} of the baseline's case(s) not evaluated by the candidate (the gate's maxRemovedCases): ${shown}${more}`;
}

/** `src/router.ts#classify (3f2a9c1b0d4e)`: what classified, and which version of it. */
export function classifierName(id: { classifier?: { ref: string; hash: string } }): string {
  return id.classifier === undefined ? '(none)' : `${id.classifier.ref} (${shortHash(id.classifier.hash)})`;
}

export function modelName(id: { backend: string; model?: string }): string {
  return id.model === undefined ? id.backend : `${id.backend}/${id.model}`;
}

export function ms(x: number): string {
  return fixed(x, x < 10 ? 1 : 0);
}

export function deltaCell(d: Delta): string {
  return `${pct(d.base)} → ${pct(d.candidate)} (${pp(d.delta)})`;
}

export function deltaWithCI(d: DeltaWithCI): string {
  return `${pp(d.delta)} (${signedInterval(d.ci)})`;
}

/** A delta's interval in points, signed: "−3.0 to +9.1". */
export function signedInterval(ci: Interval): string {
  const s = (x: number): string => pp(x).replace(/ pp$/, '');
  return `${s(ci.low)} to ${s(ci.high)}`;
}

export function signedCount(n: number): string {
  return n === 0 ? '·' : n > 0 ? `+${count(n)}` : `−${count(-n)}`;
}


/**
 * The cost part of a variant's usage line, with the renderer's arrow: the totals and their change,
 * and the cost per 1,000 cases; a side that was billed but not priced says "unknown", never $0.
 */
export function costChange(u: UsageDiff, arrow: string): string | undefined {
  const side = (x: CostPer1k) => (x === null ? 'none' : x === 'unknown' ? 'unknown' : usd(x));
  const per1k = u.cost1k && `${side(u.cost1k.base)} ${arrow} ${side(u.cost1k.candidate)} per 1,000 cases`;
  if (!u.costUsd) return per1k && `cost ${per1k}`;
  const change = `${u.costUsd.delta >= 0 ? '+' : '−'}${usd(Math.abs(u.costUsd.delta))}`;
  return `cost ${usd(u.costUsd.base)} ${arrow} ${usd(u.costUsd.candidate)} (${change})${per1k ? `, ${per1k}` : ''}`;
}
