import type { WeakCase } from '../../dataset/weak.ts';
import { countConfusion } from '../../metrics/confusion.ts';
import { cohenKappa } from '../../metrics/kappa.ts';
import type { ReviewContext, ReviewState } from './state.ts';

export function currentCase(state: ReviewState, ctx: Pick<ReviewContext, 'cases'>): WeakCase | undefined {
  const i = state.queue[0];
  return i === undefined ? undefined : ctx.cases[i];
}

export interface ReviewCounts {
  total: number;
  decided: number;
  accepted: number;
  corrected: number;
  flagged: number;
  /** Undecided cases skipped at least once. */
  skipped: number;
  /** Decisions made in this session (taking one back removes it). */
  session: number;
}

export function reviewCounts(state: ReviewState, ctx: Pick<ReviewContext, 'cases'>): ReviewCounts {
  const counts: ReviewCounts = { total: ctx.cases.length, decided: 0, accepted: 0, corrected: 0, flagged: 0, skipped: state.skipped.size, session: 0 };
  for (const h of state.history) {
    if (h.kind !== 'decision') continue;
    counts.decided++;
    counts[h.decision.decision]++;
    if (h.session) counts.session++;
  }
  return counts;
}

/** Decisions per minute in this session, up to `now`; null before the first decision. */
export function reviewSpeed(state: ReviewState, now: number): number | null {
  const decisions = state.history.filter((h) => h.kind === 'decision' && h.session).length;
  const minutes = (now - state.startedAt) / 60_000;
  if (decisions === 0 || minutes <= 0) return null;
  return decisions / minutes;
}

export interface Agreement {
  /** Cases decided with a label whose case had a proposal: what kappa is computed over. */
  n: number;
  /** Share of those where the reviewer kept the proposed label. */
  observed: number | null;
  /** Cohen's kappa between the reviewer's labels and the proposals; null when undefined (no cases, or one label throughout). */
  kappa: number | null;
}

/** The reviewer's agreement with the proposals, over every labelled decision on a case that had a proposal (flagged cases have no label). */
export function reviewAgreement(state: ReviewState, ctx: Pick<ReviewContext, 'cases' | 'labels'>): Agreement {
  const rows = [];
  for (const h of state.history) {
    if (h.kind !== 'decision' || h.decision.label === undefined) continue;
    const proposal = ctx.cases[h.index]!.proposal;
    if (proposal) rows.push({ id: h.decision.id, gold: h.decision.label, prediction: proposal.label });
  }
  if (rows.length === 0) return { n: 0, observed: null, kappa: null };
  const agree = rows.filter((r) => r.gold === r.prediction).length;
  const k = cohenKappa(countConfusion(rows, ctx.labels));
  return { n: rows.length, observed: agree / rows.length, kappa: k.undefined ? null : k.kappa };
}
