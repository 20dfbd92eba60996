import { Box } from 'ink';
import { prediction, type CaseEntry } from '../model/cases.ts';
import { scrollWindow } from '../scroll.ts';
import { safe, wrap } from '../text.ts';
import { Line, type Segment } from './Line.tsx';
import { WRONG_MARK } from './CasesView.tsx';

export interface DetailPaneProps {
  entry: CaseEntry | undefined;
  columns: readonly string[];
  scroll: number;
  width: number;
  height: number;
  color: boolean;
}

/** Everything known about one case, wrapped to the pane, from line `scroll` on. */
export function detailLines(entry: CaseEntry | undefined, columns: readonly string[], scroll: number, width: number, height: number): Segment[][] {
  const w = Math.max(10, width - 2);
  const all: Segment[][] = [];
  const text = (t: string, style: Partial<Segment> = {}) => wrap(safe(t), w).forEach((l) => all.push([{ text: ` ${l}`, ...style }]));
  if (!entry) text('no case selected');
  else {
    text(`case ${entry.id}`, { bold: true });
    text(`gold: ${entry.gold ?? '(unlabeled)'}`);
    text(`query: ${entry.query || '(not recorded)'}`);
    columns.forEach((title, k) => {
      const row = entry.rows[k];
      const p = prediction(entry, k);
      const wrong = entry.gold !== null && p !== entry.gold;
      all.push([{ text: ' ' }]); // an empty Text takes no line in Ink
      text(`${title}: ${wrong ? `${WRONG_MARK} ` : '✓ '}${p}`, { bold: true, color: wrong ? 'red' : 'green' });
      if (row?.raw !== undefined) text(`raw: ${row.raw}`);
      if (row?.reason !== undefined) text(`reason: ${row.reason}`);
      if (row?.latencyMs !== undefined) text(`latency: ${Math.round(row.latencyMs)} ms`, { dim: true });
    });
  }
  return scrollWindow(all, scroll, width, height, 'detail', 'J/K');
}

export function DetailPane({ entry, columns, scroll, width, height, color }: DetailPaneProps) {
  return (
    <Box flexDirection="column" width={width}>
      {detailLines(entry, columns, scroll, width, height).map((segments, i) => (
        <Line key={i} segments={segments} color={color} />
      ))}
    </Box>
  );
}
