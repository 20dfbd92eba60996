import { termText } from '../../core/text.ts';
import { reviewAgreement, reviewCounts, reviewSpeed } from './selectors.ts';
import type { ReviewContext, ReviewState } from './state.ts';

function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
}

/** What the command prints when the session ends: progress, counts, speed and agreement with the proposals. */
export function reviewSummary(state: ReviewState, data: Pick<ReviewContext, 'cases' | 'labels'>, goldFile: string, now: number): string {
  const c = reviewCounts(state, data);
  const speed = reviewSpeed(state, now);
  const a = reviewAgreement(state, data);
  const left = c.total - c.decided;
  const lines = [
    `${termText(goldFile)}: ${c.decided} of ${c.total} case(s) decided (${c.accepted} accepted, ${c.corrected} corrected, ${c.flagged} flagged)` +
      (left > 0 ? `; ${left} left${c.skipped > 0 ? `, ${c.skipped} of them skipped` : ''}: run the same command to go on.` : '.'),
    `This session: ${c.session} decision(s) in ${duration(now - state.startedAt)}${speed === null ? '' : ` (${speed.toFixed(1)} per minute)`}.`,
    a.n === 0
      ? 'Agreement with the proposals: no labelled case with a proposal yet.'
      : `Agreement with the proposals: Cohen's kappa ${a.kappa === null ? 'undefined (one label throughout)' : a.kappa.toFixed(2)} over ${a.n} case(s), ${Math.round(a.observed! * 100)}% kept as proposed.`,
  ];
  return `${lines.join('\n')}\n`;
}
