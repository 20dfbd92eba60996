import { render } from 'ink';
import type { WeakCase } from '../../dataset/weak.ts';
import { ALT_SCREEN_OFF, ALT_SCREEN_ON, colorAllowed } from '../terminal.ts';
import { ReviewApp } from './components/ReviewApp.tsx';
import type { Effect, ReviewState } from './state.ts';

export interface ReviewSession {
  cases: readonly WeakCase[];
  labels: readonly string[];
  initial: ReviewState;
  files: string;
  onEffect(effect: Effect): void;
}

/** Runs the review in the terminal's alternate screen until the reviewer quits (q or Ctrl-C); returns the last state. */
export async function runReview(session: ReviewSession): Promise<ReviewState> {
  const stdout = process.stdout;
  let last = session.initial;
  stdout.write(ALT_SCREEN_ON);
  try {
    const app = render(
      <ReviewApp
        cases={session.cases}
        labels={session.labels}
        initial={{ ...session.initial, size: { columns: stdout.columns || 80, rows: stdout.rows || 24 } }}
        files={session.files}
        color={colorAllowed(process.env, stdout)}
        onEffect={session.onEffect}
        onState={(s) => (last = s)}
      />,
      { exitOnCtrlC: true, patchConsole: false },
    );
    await app.waitUntilExit();
  } finally {
    stdout.write(ALT_SCREEN_OFF);
  }
  return last;
}
