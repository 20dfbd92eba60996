import { render } from 'ink';
import { App } from './components/App.tsx';
import type { CaseTexts } from './model/case-texts.ts';
import type { CompareModel } from './model/compare-model.ts';
import { initialState } from './state.ts';
import { ALT_SCREEN_OFF, ALT_SCREEN_ON, colorAllowed } from './terminal.ts';

export { colorAllowed };

/** Runs the interactive comparison in the terminal's alternate screen until the user quits; `load` as for App. */
export async function runTui(model: CompareModel, reference: number, load?: () => CompareModel, texts?: CaseTexts): Promise<void> {
  const stdout = process.stdout;
  const size = { columns: stdout.columns || 80, rows: stdout.rows || 24 };
  stdout.write(ALT_SCREEN_ON);
  try {
    const app = render(<App model={model} initial={initialState(model.columns.length, size, reference)} color={colorAllowed(process.env, stdout)} load={load} texts={texts} />, {
      exitOnCtrlC: true,
      patchConsole: false,
    });
    await app.waitUntilExit();
  } finally {
    stdout.write(ALT_SCREEN_OFF);
  }
}
