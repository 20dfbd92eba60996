import { render } from 'ink';
import type { ProgressSink } from '../../core/progress.ts';
import { EMPTY_PROGRESS, progressReduce, type ProgressState } from './progress-state.ts';
import { ProgressView } from './ProgressView.tsx';

export interface LiveBarsOptions {
  color: boolean;
  /** How often the bars are redrawn (rate and ETA move between answers too). */
  tickMs?: number;
  now?: () => number;
}

export interface LiveBars extends ProgressSink {
  /** Draws the last state and leaves it on screen, above whatever is printed next. */
  stop(): void;
  readonly state: ProgressState;
}

/** A bar per variant on `stream` (a terminal), redrawn in place until `stop`. */
export function startLiveBars(stream: NodeJS.WriteStream, options: LiveBarsOptions): LiveBars {
  const now = options.now ?? (() => Date.now());
  let state: ProgressState = EMPTY_PROGRESS;
  const view = () => <ProgressView state={state} now={now()} width={Math.max(40, (stream.columns || 80) - 1)} color={options.color} />;
  // The keyboard stays the terminal's: Ctrl-C reaches the process as SIGINT, which the command handles.
  const ink = render(view(), { stdout: stream, patchConsole: false, exitOnCtrlC: false });
  const timer = setInterval(() => ink.rerender(view()), options.tickMs ?? 200);
  let stopped = false;
  return {
    update(event) {
      const first = state.variants.length === 0;
      state = progressReduce(state, event, now());
      if (first) ink.rerender(view());
    },
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      ink.rerender(view());
      ink.unmount();
    },
    get state() {
      return state;
    },
  };
}
