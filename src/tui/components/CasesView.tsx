import { Box } from 'ink';
import { prediction, type CaseEntry } from '../model/cases.ts';
import { windowStart } from '../selectors.ts';
import { fit, safe } from '../text.ts';
import { Line, type Segment } from './Line.tsx';

export interface CasesViewProps {
  cases: readonly CaseEntry[];
  /** Indices into `cases` of the filtered list. */
  visible: Int32Array;
  columns: readonly string[];
  reference: number;
  cursor: number;
  /** The committed search: matching rows are marked. */
  search: string;
  width: number;
  height: number;
  color: boolean;
}

export const WRONG_MARK = '✗';

/** The predictions of one case as cells: a wrong one marked in text, not only in red. */
function predictionSegment(e: CaseEntry, k: number, w: number, isRef: boolean): Segment {
  const p = prediction(e, k);
  const wrong = e.gold !== null && p !== e.gold;
  return { text: ` ${fit(`${wrong ? WRONG_MARK : ' '}${safe(p)}`, w)}`, ...(wrong ? { color: 'red' } : { color: 'green' }), ...(isRef && { bold: true }) };
}

export function caseLines(p: Omit<CasesViewProps, 'color'>): Segment[][] {
  const n = p.columns.length;
  const predW = Math.max(8, Math.min(14, Math.floor((p.width - 26) / Math.max(1, n)) - 1));
  const idW = Math.max(6, Math.min(16, p.width - 14 - n * (predW + 1) - 2));
  const goldW = 13;
  const queryW = p.width - 2 - idW - goldW - n * (predW + 1) - 1;
  const header: Segment[] = [
    { text: fit('  id', idW + 2), dim: true },
    { text: fit(' gold', goldW), dim: true },
    ...p.columns.map((c, k) => ({ text: ` ${fit(safe(c) + (k === p.reference && n > 1 ? '*' : ''), predW)}`, dim: true })),
    ...(queryW > 5 ? [{ text: ` ${fit('query', queryW)}`, dim: true }] : []),
  ];
  const lines: Segment[][] = [header];
  const rows = Math.max(1, p.height - 1);
  const start = windowStart(p.cursor, rows, p.visible.length);
  const needle = p.search.toLowerCase();
  for (let r = start; r < Math.min(p.visible.length, start + rows); r++) {
    const e = p.cases[p.visible[r]!]!;
    const selected = r === p.cursor;
    const hit = needle !== '' && (e.id.toLowerCase().includes(needle) || e.query.toLowerCase().includes(needle));
    lines.push([
      { text: `${selected ? '>' : ' '}${hit ? '»' : ' '}`, ...(selected && { inverse: true }) },
      { text: fit(safe(e.id), idW), ...(selected && { inverse: true, bold: true }) },
      { text: ` ${fit(e.gold === null ? '(unlabeled)' : safe(e.gold), goldW - 1)}` },
      ...p.columns.map((_, k) => predictionSegment(e, k, predW, k === p.reference)),
      ...(queryW > 5 ? [{ text: ` ${fit(safe(e.query), queryW)}`, dim: true }] : []),
    ]);
  }
  if (p.visible.length === 0) lines.push([{ text: '  no case matches these filters (x clears them)', dim: true }]);
  return lines;
}

export function CasesView({ color, ...props }: CasesViewProps) {
  return (
    <Box flexDirection="column">
      {caseLines(props).map((segments, i) => (
        <Line key={i} segments={segments} color={color} />
      ))}
    </Box>
  );
}
