import { appendFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { render, cleanup } from 'ink-testing-library';
import stripAnsi from 'strip-ansi';
import { afterEach, describe, expect, it } from 'vitest';
import { datasetTexts } from '../../src/cli/case-texts.ts';
import { Frame } from '../../src/tui/components/App.tsx';
import type { CaseTexts } from '../../src/tui/model/case-texts.ts';
import { buildCompareModel } from '../../src/tui/model/compare-model.ts';
import { selectors } from '../../src/tui/selectors.ts';
import { initialState, reduce, type Action, type TuiState } from '../../src/tui/state.ts';
import { tmpDir } from '../helpers/tmp.ts';
import { documentOf, fixtureDataset, fixtureReport, HOSTILE_ID } from './fixture.ts';

afterEach(() => cleanup());

function named(dataset: { path: string; hash: string }) {
  return [{ name: 'run', report: fixtureReport(dataset) }];
}

describe('case texts for the detail pane', () => {
  it('come from the dataset the report names, only while its bytes are the ones the report was made from', () => {
    const dir = tmpDir();
    const dataset = fixtureDataset(dir);
    const texts = datasetTexts(named(dataset));
    expect(texts.get('k00')).toEqual({ query: 'k question 0 about artifact', document: documentOf('k00') });
    expect(texts.get(HOSTILE_ID)?.document).toBe(documentOf(HOSTILE_ID));
    expect(texts.get('no-such-case')).toBeUndefined();
    expect(texts.note()).toBeUndefined();

    appendFileSync(dataset.path, `${JSON.stringify({ id: 'late', query: 'added after the run' })}\n`);
    const edited = datasetTexts(named(dataset));
    expect(edited.get('k00')).toBeUndefined();
    expect(edited.note()).toBe(`${dataset.path} changed since the report was made: the document is not shown`);

    rmSync(dataset.path);
    const gone = datasetTexts(named(dataset));
    expect(gone.get('k00')).toBeUndefined();
    expect(gone.note()).toBe(`dataset ${dataset.path} not found here: the document is not shown`);
  });

  it('does not read the dataset before a detail asks for a case', () => {
    const dir = tmpDir();
    const dataset = fixtureDataset(dir);
    const texts = datasetTexts(named(dataset));
    rmSync(dataset.path); // gone before the first lookup: nothing was read at construction
    expect(texts.get('k00')).toBeUndefined();
    expect(texts.note()).toContain('not found');
    expect(path.isAbsolute(dataset.path)).toBe(true);
  });

  it('are shown in the detail pane paragraph by paragraph, neutralised; a missing dataset is said, not hidden', () => {
    const dir = tmpDir();
    const dataset = fixtureDataset(dir);
    const model = buildCompareModel(named(dataset), 0.05);
    const sel = selectors(model);
    const show = (texts: CaseTexts, columns = 100, rows = 40) => {
      const actions: Action[] = [{ type: 'view', view: 'cases' }, { type: 'cycleTransition' }, { type: 'end' }, { type: 'detail' }];
      const state = actions.reduce((s: TuiState, a) => reduce(s, a, sel.context), initialState(3, { columns, rows }));
      const { lastFrame } = render(<Frame model={model} state={state} color={false} visible={sel.visible(state)} selected={sel.selectedCase(state)} texts={texts} />);
      return lastFrame() ?? '';
    };
    const raw = show(datasetTexts(named(dataset)));
    const lines = stripAnsi(raw).split('\n');
    expect(raw).not.toMatch(/\u001b\]|\u0007|\u001b\[2J/);
    expect(lines.some((l) => l.includes('document:'))).toBe(true);
    const docLine = lines.findIndex((l) => l.includes('Docs page <script>alert(1)</script>'));
    const second = lines.findIndex((l) => l.includes('Second paragraph of the hostile page.'));
    expect(docLine).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(docLine + 1); // an empty line keeps the paragraphs apart
    expect(lines.join('\n')).not.toContain('pwned');

    rmSync(dataset.path);
    const missing = stripAnsi(show(datasetTexts(named(dataset))));
    expect(missing).toContain('query: <script>alert(1)</script>');
    expect(missing).toContain('not found here: the document is not shown');
  });
});
