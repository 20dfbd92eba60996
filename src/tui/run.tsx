import { render } from 'ink';
import { App } from './components/App.tsx';
import type { CompareModel } from './model/compare-model.ts';
import { initialState } from './state.ts';

/** Whether colour may carry meaning: not under NO_COLOR, TERM=dumb or a terminal without colours. */
export function colorAllowed(env: NodeJS.ProcessEnv, stream: NodeJS.WriteStream): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return typeof stream.hasColors === 'function' ? stream.hasColors() : false;
}

const ALT_SCREEN_ON = '\u001b[?1049h';
const ALT_SCREEN_OFF = '\u001b[?1049l';

/** Runs the interactive comparison in the terminal's alternate screen until the user quits; `load` as for App. */
export async function runTui(model: CompareModel, reference: number, load?: () => CompareModel): Promise<void> {
  const stdout = process.stdout;
  const size = { columns: stdout.columns || 80, rows: stdout.rows || 24 };
  stdout.write(ALT_SCREEN_ON);
  try {
    const app = render(<App model={model} initial={initialState(model.columns.length, size, reference)} color={colorAllowed(process.env, stdout)} load={load} />, {
      exitOnCtrlC: true,
      patchConsole: false,
    });
    await app.waitUntilExit();
  } finally {
    stdout.write(ALT_SCREEN_OFF);
  }
}
