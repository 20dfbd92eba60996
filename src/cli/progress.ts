import { setMaxListeners } from 'node:events';
import { DEFAULT_CACHE_DIR } from '../classifier/cache.ts';
import type { ProgressEvent, ProgressSink } from '../core/progress.ts';
import { startLiveBars } from '../tui/progress/live-bars.tsx';
import { createProgressPrinter } from '../tui/progress/progress-lines.ts';
import { colorAllowed } from '../tui/run.tsx';

/** How a command that evaluates shows its progress: bars in a terminal, plain lines in CI or a pipe. */
export type ProgressMode = 'bars' | 'lines' | 'none';

/** The exit code of a run stopped by Ctrl-C, as shells report a process ended by SIGINT. */
export const EXIT_INTERRUPTED = 130;

const truthy = (v: string | undefined) => v !== undefined && v !== '' && v !== '0' && v !== 'false';

/** Bars only where they can be redrawn in place and someone watches: a terminal that is not dumb, outside CI. */
export function progressMode(quiet: boolean, env: NodeJS.ProcessEnv, stream: NodeJS.WriteStream): ProgressMode {
  if (quiet) return 'none';
  if (stream.isTTY && env.TERM !== 'dumb' && !truthy(env.CI)) return 'bars';
  return 'lines';
}

/** The one line printed when Ctrl-C stops a run: how far it got, that no report exists, what the cache kept. */
export function interruptedLine(who: string, events: readonly ProgressEvent[], cacheDir = DEFAULT_CACHE_DIR): string {
  const sum = (f: (e: ProgressEvent) => number) => events.reduce((n, e) => n + f(e), 0);
  const done = sum((e) => e.done);
  const total = sum((e) => e.total);
  const kept = sum((e) => e.cacheHits + (e.cacheStored ?? 0));
  const progress = total > 0 ? ` after ${done} of ${total} cases` : '';
  const cache =
    kept > 0
      ? `${kept} ${kept === 1 ? 'answer is' : 'answers are'} kept in the response cache (${cacheDir}) and the next run reuses them`
      : 'nothing was kept (no answers went to the response cache)';
  return `${who}: interrupted${progress}; no report was written; ${cache}`;
}

export interface RunControls {
  progress?: ProgressSink;
  signal: AbortSignal;
}

/**
 * Runs `work` (an evaluation) with its progress shown on stderr and Ctrl-C handled, for every
 * command that evaluates. On SIGINT the run is aborted, the bars are left as they were, one line
 * says what was kept, and the process exits 130 before anything is written: a report is written
 * only after `work` returns, and cache entries are written whole (atomically), so nothing partial
 * remains. `cacheDir` is the run's resolved response cache, which the line names.
 */
export async function withRunProgress<T>(who: string, quiet: boolean, work: (controls: RunControls) => Promise<T>, cacheDir = DEFAULT_CACHE_DIR): Promise<T> {
  const stream = process.stderr;
  const mode = progressMode(quiet, process.env, stream);
  const latest = new Map<string, ProgressEvent>();
  const view =
    mode === 'bars'
      ? startLiveBars(stream, { color: colorAllowed(process.env, stream) })
      : mode === 'lines'
        ? { ...createProgressPrinter({ write: (line) => stream.write(line) }), stop() {} }
        : undefined;
  const sink: ProgressSink = {
    update(event) {
      latest.set(event.variant, event);
      view?.update(event);
    },
  };
  const controller = new AbortController();
  // Every case in flight or waiting for a slot listens to this one signal (and lets go when done):
  // hundreds at once are expected, not the leak Node warns of past ten.
  setMaxListeners(0, controller.signal);
  const onInterrupt = () => {
    controller.abort();
    view?.stop();
    stream.write(`${interruptedLine(who, [...latest.values()], cacheDir)}\n`);
    process.exit(EXIT_INTERRUPTED);
  };
  process.once('SIGINT', onInterrupt);
  try {
    return await work({ ...(view && { progress: sink }), signal: controller.signal });
  } finally {
    process.off('SIGINT', onInterrupt);
    view?.stop();
  }
}
