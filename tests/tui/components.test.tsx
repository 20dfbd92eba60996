import { render } from 'ink-testing-library';
import stringWidth from 'string-width';
import stripAnsi from 'strip-ansi';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { App, Frame } from '../../src/tui/components/App.tsx';
import { selectors } from '../../src/tui/selectors.ts';
import { initialState, reduce, type Action, type TuiState } from '../../src/tui/state.ts';
import { buildCompareModel } from '../../src/tui/model/compare-model.ts';
import { fixtureModel } from './fixture.ts';

afterEach(() => cleanup());

const model = fixtureModel();
const sel = selectors(model);

function frame(size: { columns: number; rows: number }, actions: Action[] = [], color = false): { raw: string; lines: string[] } {
  const state = actions.reduce((s: TuiState, a) => reduce(s, a, sel.context), initialState(3, size));
  const { lastFrame } = render(<Frame model={model} state={state} color={color} visible={sel.visible(state)} selected={sel.selectedCase(state)} />);
  const raw = lastFrame() ?? '';
  return { raw, lines: stripAnsi(raw).split('\n') };
}

const fitsIn = (lines: string[], size: { columns: number; rows: number }) => {
  expect(Math.max(...lines.map((l) => stringWidth(l)))).toBeLessThanOrEqual(size.columns);
  expect(lines.length).toBeLessThanOrEqual(size.rows);
};

describe('frames', () => {
  it('summary at 80×24: the three variants side by side, the best marked, significant changes marked', () => {
    const size = { columns: 80, rows: 24 };
    const { lines } = frame(size);
    fitsIn(lines, size);
    const header = lines.find((l) => l.includes('v1@1.0.0'))!;
    expect(header).toMatch(/v1@1\.0\.0 \[ref\].*v2@2\.0\.0.*v3@3\.0\.0/);
    const accuracy = lines.find((l) => l.includes('accuracy'))!;
    expect(accuracy).toMatch(/56\.1%\s+ref\s+78\.0%\s+\+22\.0pp!\s+85\.4%\*\s+\+29\.3pp!/);
    expect(lines.find((l) => l.includes('other recall'))).toMatch(/\+20\.0pp(?!!)/);
    expect(lines.join('\n')).toContain('? help');
  });

  it('summary at 160×48 adds the intervals', () => {
    const size = { columns: 160, rows: 48 };
    const { lines } = frame(size);
    fitsIn(lines, size);
    expect(lines.find((l) => l.includes('accuracy'))).toMatch(/56\.1%\s+\(\d+\.\d–\d+\.\d\)/);
  });

  it('without colour, every distinction is still in the text and no escape code is written', () => {
    const { raw } = frame({ columns: 80, rows: 24 }, [{ type: 'view', view: 'cases' }]);
    expect(raw).not.toContain('\u001b');
    expect(raw).toContain('✗');
    expect(raw).toContain('[3 cases]');
  });

  it('confusion grids sit side by side when wide and one above the other when narrow', () => {
    const wide = frame({ columns: 160, rows: 48 }, [{ type: 'view', view: 'confusion' }]).lines;
    const titles = (lines: string[]) => lines.find((l) => l.startsWith('v1@1.0.0'))!;
    expect(titles(wide)).toMatch(/^v1@1\.0\.0\s+v2@2\.0\.0/);
    const narrow = frame({ columns: 80, rows: 24 }, [{ type: 'view', view: 'confusion' }]).lines;
    fitsIn(narrow, { columns: 80, rows: 24 });
    expect(titles(narrow)).not.toContain('v2@2.0.0');
    expect(narrow.some((l) => l.startsWith('v2@2.0.0'))).toBe(true);
    // The numbers are printed, the diagonal bracketed.
    expect(narrow.find((l) => l.startsWith('artifact'))).toMatch(/\[\d+\]/);
  });

  it('dataset text cannot reach the terminal as control sequences', () => {
    const { raw, lines } = frame({ columns: 160, rows: 48 }, [{ type: 'view', view: 'cases' }, { type: 'cycleTransition' }, { type: 'end' }, { type: 'detail' }]);
    expect(raw).not.toMatch(/\u001b\]|\u0007|\u001b\[2J/);
    expect(lines.join('\n')).toContain('<script>alert(1)</script> clear  screen');
    // The whole title-setting sequence is dropped, its text too: the id reads "h-1".
    expect(lines.join('\n')).toContain('case h-1');
    expect(raw).not.toContain('pwned');
  });
});

const tick = () => new Promise((r) => setTimeout(r, 30));

describe('the app', () => {
  it('takes keys through the keymap: views, a filter, the detail pane, quit', async () => {
    const { stdin, lastFrame } = render(<App model={model} initial={initialState(3, { columns: 100, rows: 30 })} color={false} />);
    // Ink draws on its own schedule: wait for the frame a key leads to (a loaded machine can take a while).
    const until = async (what: (frame: string) => boolean): Promise<string> => {
      const end = Date.now() + 10_000;
      for (;;) {
        const f = stripAnsi(lastFrame() ?? '');
        if (what(f) || Date.now() > end) return f;
        await tick();
      }
    };
    await tick();
    stdin.write('3');
    expect(await until((f) => f.includes('of 41 cases'))).toContain('21 of 41 cases');
    stdin.write('t');
    expect(await until((f) => f.includes('broken'))).toContain('3 of 41 cases · disagree or wrong · broken');
    stdin.write('\r');
    const detail = await until((f) => f.includes('─ detail'));
    expect(detail).toMatch(/raw: \{"label": "\w+"\}/);
    stdin.write('?');
    expect(await until((f) => f.includes('keys ('))).toContain('keys (esc or ? closes)');
    stdin.write('\u001b');
    const shown = await until((f) => !f.includes('keys ('));
    expect(shown).not.toContain('keys (esc or ? closes)');
    stdin.write('j');
    expect(await until((f) => f !== shown)).not.toBe(shown);
    stdin.write('q');
    await new Promise((r) => setTimeout(r, 300));
    const last = lastFrame();
    stdin.write('k');
    await new Promise((r) => setTimeout(r, 300));
    expect(lastFrame()).toBe(last);
  });
});

describe('chrome', () => {
  it('always ends the footer with help and quit, and the help lists every key at 80×24', async () => {
    const { footerText } = await import('../../src/tui/components/Chrome.tsx');
    const { footerHints, helpLines } = await import('../../src/tui/keymap.ts');
    for (const view of ['summary', 'confusion', 'cases'] as const) expect(footerText(footerHints(view), 60)).toMatch(/\? help {2}q quit$/);
    const { lines } = frame({ columns: 80, rows: 24 }, [{ type: 'help' }]);
    for (const h of helpLines()) expect(lines.some((l) => l.includes(h.help)), h.keys).toBe(true);
  });
});

describe('the first frame, before the case rows', () => {
  it('shows the values and deltas, says the paired tests are coming, then marks what is significant', async () => {
    const whole = fixtureModel();
    const heads = buildCompareModel(
      whole.reports.map((r) => ({ ...r, report: { ...r.report, variants: r.report.variants.map((v) => ({ ...v, cases: [] })) } })),
      0.05,
      true,
    );
    let loads = 0;
    const { lastFrame } = render(<App model={heads} initial={initialState(3, { columns: 80, rows: 24 })} color={false} load={() => (loads++, whole)} />);
    const first = stripAnsi(lastFrame()!);
    expect(first).toMatch(/accuracy\s+56\.1%\s+ref\s+78\.0%\s+\+22\.0pp\s+85\.4%\*\s+\+29\.3pp/);
    expect(first).not.toMatch(/pp!/);
    expect(first).toContain('reading the case rows');
    await tick();
    const complete = stripAnsi(lastFrame()!);
    expect(complete).toMatch(/accuracy\s+56\.1%\s+ref\s+78\.0%\s+\+22\.0pp!\s+85\.4%\*\s+\+29\.3pp!/);
    expect(complete).toContain('significant vs [ref]');
    expect(loads).toBe(1);
  });
});
