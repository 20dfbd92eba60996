import { safe } from '../text.ts';
import { EMPTY_PROGRESS, progressReduce, progressSummary, type ProgressEvent, type ProgressState } from './progress-state.ts';

export interface ProgressPrinterOptions {
  write: (line: string) => void;
  now?: () => number;
  /** At most one line per variant per interval, plus one when it finishes. */
  intervalMs?: number;
}

/** Progress for CI and pipes: plain periodic lines, no escape codes, one when each variant finishes. */
export function createProgressPrinter(options: ProgressPrinterOptions) {
  const now = options.now ?? (() => Date.now());
  const interval = options.intervalMs ?? 10_000;
  let state: ProgressState = EMPTY_PROGRESS;
  const printedAt = new Map<string, number>();
  const finished = new Set<string>();
  const line = (name: string) => {
    const v = state.variants.find((x) => x.variant === name)!;
    options.write(`${safe(name)}: ${progressSummary(v, now())}${v.done >= v.total ? ' · done' : ''}\n`);
    printedAt.set(name, now());
  };
  return {
    update(event: ProgressEvent): void {
      state = progressReduce(state, event, now());
      if (finished.has(event.variant)) return;
      const v = state.variants.find((x) => x.variant === event.variant)!;
      if (v.done >= v.total) {
        finished.add(event.variant);
        line(event.variant);
        return;
      }
      const last = printedAt.get(event.variant);
      if (last === undefined || now() - last >= interval) line(event.variant);
    },
    get state(): ProgressState {
      return state;
    },
  };
}
