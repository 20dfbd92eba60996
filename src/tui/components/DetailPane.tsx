import { Box } from 'ink';
import type { CaseText } from '../model/case-texts.ts';
import { prediction, type CaseEntry } from '../model/cases.ts';
import { scrollWindow } from '../scroll.ts';
import { safe, wrap } from '../text.ts';
import { Line, type Segment } from './Line.tsx';
import { WRONG_MARK } from './CasesView.tsx';

export interface DetailPaneProps {
  entry: CaseEntry | undefined;
  /** The case's full query and document from its dataset, when found; `textNote` says why not. */
  text?: CaseText | undefined;
  textNote?: string | undefined;
  columns: readonly string[];
  scroll: number;
  width: number;
  height: number;
  color: boolean;
}

/** Everything known about one case, wrapped to the pane, from line `scroll` on. */
export function detailLines(
  entry: CaseEntry | undefined,
  columns: readonly string[],
  scroll: number,
  width: number,
  height: number,
  text?: CaseText,
  textNote?: string,
): Segment[][] {
  const w = Math.max(10, width - 2);
  const all: Segment[][] = [];
  const add = (t: string, style: Partial<Segment> = {}) => wrap(safe(t), w).forEach((l) => all.push([{ text: ` ${l}`, ...style }]));
  if (!entry) add('no case selected');
  else {
    add(`case ${entry.id}`, { bold: true });
    add(`gold: ${entry.gold ?? '(unlabeled)'}`);
    add(`query: ${text?.query ?? (entry.query || '(not recorded)')}`);
    if (text?.document !== undefined) {
      all.push([{ text: ' ' }]);
      add('document:', { dim: true });
      // Paragraphs keep their breaks; each is wrapped to the pane.
      for (const paragraph of text.document.split(/\r?\n/)) {
        if (paragraph.trim() === '') all.push([{ text: ' ' }]);
        else add(paragraph);
      }
    } else if (!text && textNote) add(`(${textNote})`, { dim: true });
    columns.forEach((title, k) => {
      const row = entry.rows[k];
      const p = prediction(entry, k);
      const wrong = entry.gold !== null && p !== entry.gold;
      all.push([{ text: ' ' }]); // an empty Text takes no line in Ink
      add(`${title}: ${wrong ? `${WRONG_MARK} ` : '✓ '}${p}`, { bold: true, color: wrong ? 'red' : 'green' });
      if (row?.raw !== undefined) add(`raw: ${row.raw}`);
      if (row?.reason !== undefined) add(`reason: ${row.reason}`);
      if (row?.latencyMs !== undefined) add(`latency: ${Math.round(row.latencyMs)} ms`, { dim: true });
    });
  }
  return scrollWindow(all, scroll, width, height, 'detail', 'J/K');
}

export function DetailPane({ entry, text, textNote, columns, scroll, width, height, color }: DetailPaneProps) {
  return (
    <Box flexDirection="column" width={width}>
      {detailLines(entry, columns, scroll, width, height, text, textNote).map((segments, i) => (
        <Line key={i} segments={segments} color={color} />
      ))}
    </Box>
  );
}
