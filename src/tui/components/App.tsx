import { Box, useApp, useInput, useStdout } from 'ink';
import { useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { describeFilter } from '../model/cases.ts';
import type { CaseTexts } from '../model/case-texts.ts';
import type { CompareModel } from '../model/compare-model.ts';
import { actionFor, footerHints, helpLines, splitKeys } from '../keymap.ts';
import { layout, selectors } from '../selectors.ts';
import { reduce, VIEWS, type Action, type TuiState } from '../state.ts';
import { safe } from '../text.ts';
import { CasesView } from './CasesView.tsx';
import { Footer, HelpView, TabBar } from './Chrome.tsx';
import { ConfusionView } from './ConfusionView.tsx';
import { DetailPane } from './DetailPane.tsx';
import { SummaryView } from './SummaryView.tsx';

export interface AppProps {
  model: CompareModel;
  initial: TuiState;
  color: boolean;
  /**
   * When `model.rowsPending`: reads the case rows and gives the whole model, run once the first frame
   * is out. A failure (a bad row) ends the app with that error.
   */
  load?: () => CompareModel;
  /** Full query and document per case, looked up when a detail opens. */
  texts?: CaseTexts;
}

/** The one container: keys become actions through the keymap, the reducer makes the next state, views draw it. */
export function App({ model: first, initial, color, load, texts }: AppProps) {
  const [model, setModel] = useState(first);
  const sel = useMemo(() => selectors(model), [model]);
  const [state, dispatch] = useReducer((s: TuiState, a: Action) => reduce(s, a, sel.context), initial);
  const { exit } = useApp();
  const { stdout } = useStdout();
  useEffect(() => {
    const onResize = () => dispatch({ type: 'resize', columns: stdout.columns, rows: stdout.rows });
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  useEffect(() => {
    if (state.quit) exit();
  }, [state.quit, exit]);
  useEffect(() => {
    if (!load || !first.rowsPending) return;
    // A macrotask later, so the first frame reaches the terminal before the rows are read.
    const timer = setTimeout(() => {
      try {
        setModel(load());
      } catch (e) {
        exit(e as Error);
      }
    }, 0);
    return () => clearTimeout(timer);
  }, [load, first, exit]);
  // Several keys can arrive in one read; each is looked up in the state the previous one left.
  const latest = useRef(state);
  latest.current = state;
  useInput((input, key) => {
    const pieces = latest.current.search.editing ? [[input, key] as const] : splitKeys(input, key);
    for (const [i, k] of pieces) {
      const action = actionFor(latest.current, i, k);
      if (!action) continue;
      latest.current = reduce(latest.current, action, sel.context);
      dispatch(action);
    }
  });
  // The case list is joined and filtered only once the cases view is open: the summary comes first.
  const cases = state.view === 'cases';
  return <Frame model={model} state={state} color={color} visible={cases ? sel.visible(state) : NONE} selected={cases ? sel.selectedCase(state) : undefined} texts={texts} />;
}

const NONE = new Int32Array(0);

interface FrameProps {
  model: CompareModel;
  state: TuiState;
  color: boolean;
  visible: Int32Array;
  selected: ReturnType<ReturnType<typeof selectors>['selectedCase']>;
  texts?: CaseTexts | undefined;
}

/** One frame for a state: props only, so tests render it without a terminal. */
export function Frame({ model, state, color, visible, selected, texts }: FrameProps) {
  const { columns: width } = state.size;
  const l = layout(state);
  const titles = model.columns.map((c) => c.title);
  const d = model.reports[0]?.report.dataset;
  const title = d ? `labelgate compare · ${safe(d.path)} · ${d.size.toLocaleString('en')} cases · ${titles.length} column(s)` : 'labelgate compare';
  let status = '';
  if (model.rowsPending && state.view === 'cases') {
    status = 'reading the case rows…';
  } else if (state.view === 'cases' || state.search.editing) {
    status = state.search.editing
      ? `/${safe(state.search.draft)}█`
      : `${visible.length.toLocaleString('en')} of ${model.cases.length.toLocaleString('en')} cases · ${describeFilter(state.filter).map(safe).join(' · ')}` +
        (state.search.text ? ` · search "${safe(state.search.text)}"${state.search.notFound ? ' not found' : ''}` : '');
  } else if (state.view === 'summary' || state.view === 'confusion') {
    status = model.columns.length > 1 ? `reference: ${safe(titles[state.reference]!)}${state.view === 'confusion' ? ` · delta: ${safe(titles[state.compare]!)}` : ''}` : '';
  }
  let body;
  if (state.help) body = <HelpView lines={helpLines()} width={width} height={l.body} color={color} />;
  else if (state.view === 'summary') body = <SummaryView table={model.summary(state.reference)} cursor={state.cursor.summary} width={width} height={l.body} color={color} />;
  else if (state.view === 'confusion') {
    const delta = model.delta(state.reference, state.compare, state.gridMode);
    const grids = [...model.grids(state.gridMode), ...(delta ? [delta] : [])];
    body = <ConfusionView grids={grids} mode={state.gridMode} first={state.cursor.confusion} width={width} height={l.body} color={color} />;
  } else {
    const listWidth = l.detailBeside ? width - l.detailWidth - 1 : width;
    const list = (
      <CasesView
        cases={model.cases}
        visible={visible}
        columns={titles}
        reference={state.reference}
        cursor={state.cursor.cases}
        search={state.search.text}
        width={listWidth}
        height={l.list}
        color={color}
      />
    );
    const text = state.detail && selected ? texts?.get(selected.id) : undefined;
    const detail = state.detail ? <DetailPane entry={selected} text={text} textNote={texts?.note()} columns={titles} scroll={state.detailScroll} width={l.detailWidth} height={l.detail} color={color} /> : null;
    body = (
      <Box flexDirection={l.detailBeside ? 'row' : 'column'}>
        <Box width={listWidth} flexDirection="column">
          {list}
        </Box>
        {detail && l.detailBeside ? <Box marginLeft={1}>{detail}</Box> : detail}
      </Box>
    );
  }
  return (
    <Box flexDirection="column" width={width}>
      <TabBar views={VIEWS} current={state.view} title={title} width={width} color={color} />
      <Box height={l.body} flexDirection="column" overflow="hidden">
        {body}
      </Box>
      <Footer hints={footerHints(state.view)} status={status} width={width} color={color} />
    </Box>
  );
}
