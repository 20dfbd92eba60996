import type { ProgressEvent } from '../../core/progress.ts';

export type { ProgressEvent };

export interface VariantProgress extends ProgressEvent {
  /** When the first event for this variant came (ms, the caller's clock). */
  startedAt: number;
  updatedAt: number;
}

export interface ProgressState {
  /** In the order variants first reported. */
  variants: VariantProgress[];
}

export const EMPTY_PROGRESS: ProgressState = { variants: [] };

/** Folds one event into the state; an event never moves a count backwards (events may arrive out of order). */
export function progressReduce(state: ProgressState, event: ProgressEvent, now: number): ProgressState {
  const i = state.variants.findIndex((v) => v.variant === event.variant);
  if (i < 0) return { variants: [...state.variants, { ...event, startedAt: now, updatedAt: now }] };
  const prev = state.variants[i]!;
  const next: VariantProgress = {
    variant: prev.variant,
    total: event.total,
    done: Math.max(prev.done, event.done),
    invalid: Math.max(prev.invalid, event.invalid),
    error: Math.max(prev.error, event.error),
    retries: Math.max(prev.retries, event.retries),
    cacheHits: Math.max(prev.cacheHits, event.cacheHits),
    startedAt: prev.startedAt,
    updatedAt: now,
  };
  return { variants: state.variants.map((v, k) => (k === i ? next : v)) };
}

/** Cases per second since the variant started, or null before a rate can be told. */
export function rate(v: VariantProgress, now: number): number | null {
  const seconds = (now - v.startedAt) / 1000;
  return seconds <= 0 || v.done === 0 ? null : v.done / seconds;
}

/** Seconds left at the current rate; 0 when done, null when unknown. */
export function eta(v: VariantProgress, now: number): number | null {
  if (v.done >= v.total) return 0;
  const r = rate(v, now);
  return r === null ? null : (v.total - v.done) / r;
}

export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '–';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** One variant's status in words, the same for the bar view and the plain lines. */
export function progressSummary(v: VariantProgress, now: number): string {
  const r = rate(v, now);
  return (
    `${v.done}/${v.total}` +
    ` · ${r === null ? '–' : r.toFixed(1)}/s · eta ${formatDuration(eta(v, now))}` +
    ` · invalid ${v.invalid} · error ${v.error} · retries ${v.retries} · cache ${v.cacheHits}`
  );
}
