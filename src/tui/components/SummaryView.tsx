import { Box } from 'ink';
import { BEST_MARK, SIGNIFICANT_MARK, type SummaryCell, type SummaryRow, type SummaryTable } from '../model/summary.ts';
import { windowStart } from '../selectors.ts';
import { fit, safe, width as textWidth } from '../text.ts';
import { Line, type Segment } from './Line.tsx';

export interface SummaryViewProps {
  table: SummaryTable;
  cursor: number;
  width: number;
  height: number;
  color: boolean;
}

interface Widths {
  name: number;
  value: number;
  detail: number;
  delta: number;
  /** Columns that fit; the rest are named in a note. */
  shown: number;
}

/** Column widths for the terminal's width: intervals only when there is room, columns only as many as fit. */
export function summaryWidths(table: SummaryTable, width: number): Widths {
  const name = Math.min(24, Math.max(8, ...table.rows.map((r) => textWidth(safe(r.label))))) + 1;
  const max = (f: (c: SummaryCell) => string) => Math.max(0, ...table.rows.flatMap((r) => r.cells.map((c) => textWidth(f(c)))));
  const value = max((c) => c.text) + 1;
  const detail = max((c) => (c.detail ? `(${c.detail})` : ''));
  // Room for the significance mark the paired tests may add once the rows are read.
  const delta = table.columns.length > 1 ? max((c) => c.delta?.text ?? '') + (table.testsPending ? 1 : 0) : 0;
  const cols = table.columns.length;
  const per = (withDetail: boolean) => 2 + value + (withDetail && detail > 0 ? detail + 1 : 0) + (delta > 0 ? delta + 1 : 0);
  const withDetail = name + cols * per(true) <= width;
  const w = per(withDetail);
  const shown = Math.max(1, Math.min(cols, Math.floor((width - name) / w)));
  return { name, value, detail: withDetail ? detail : 0, delta, shown };
}

function cellSegments(row: SummaryRow, cell: SummaryCell, isRef: boolean, w: Widths): Segment[] {
  const segs: Segment[] = [{ text: '  ' }];
  segs.push({ text: fit(`${cell.text}${cell.best ? BEST_MARK : ' '}`, w.value, 'right'), ...(cell.best && { color: 'green', bold: true }) });
  if (w.detail > 0) segs.push({ text: ` ${fit(cell.detail ? `(${cell.detail})` : '', w.detail)}`, dim: true });
  if (w.delta > 0) {
    const d = cell.delta;
    const text = isRef ? 'ref' : (d?.text ?? '');
    const good = d !== null && (row.better === 'higher' ? d.value > 0 : d.value < 0);
    const style: Partial<Segment> = !d ? { dim: true } : d.test?.significant ? { color: good ? 'green' : 'red', bold: true } : { dim: true };
    segs.push({ text: ` ${fit(text, w.delta, 'right')}`, ...style });
  }
  return segs;
}

/** The summary as styled lines: a header, then one line per metric in the window around the cursor. */
export function summaryLines(table: SummaryTable, cursor: number, width: number, height: number): Segment[][] {
  const w = summaryWidths(table, width);
  const cellWidth = 2 + w.value + (w.detail > 0 ? w.detail + 1 : 0) + (w.delta > 0 ? w.delta + 1 : 0);
  const header: Segment[] = [{ text: fit('metric', w.name), bold: true }];
  table.columns.slice(0, w.shown).forEach((title, i) => {
    const ref = i === table.reference && table.columns.length > 1;
    header.push({ text: fit(`  ${safe(title)}${ref ? ' [ref]' : ''}`, cellWidth, 'right'), bold: true, ...(ref && { color: 'cyan' }) });
  });
  const rows = Math.max(1, height - 2);
  const start = windowStart(cursor, rows, table.rows.length);
  const lines: Segment[][] = [header];
  for (let r = start; r < Math.min(table.rows.length, start + rows); r++) {
    const row = table.rows[r]!;
    const selected = r === cursor;
    const line: Segment[] = [{ text: fit(`${selected ? '>' : ' '}${safe(row.label)}`, w.name), ...(selected && { inverse: true }) }];
    row.cells.slice(0, w.shown).forEach((cell, i) => line.push(...cellSegments(row, cell, i === table.reference, w)));
    lines.push(line);
  }
  const hidden = table.columns.length - w.shown;
  const tests = table.testsPending ? 'reading the case rows for the paired tests…' : `significant vs [ref] (McNemar exact, α=${table.alpha})`;
  const legend = `${BEST_MARK} best in row   ${SIGNIFICANT_MARK} ${tests}` + (hidden > 0 ? `   +${hidden} column(s) need a wider terminal` : '');
  lines.push([{ text: fit(legend, width), dim: true }]);
  return lines;
}

export function SummaryView({ table, cursor, width, height, color }: SummaryViewProps) {
  return (
    <Box flexDirection="column">
      {summaryLines(table, cursor, width, height).map((segments, i) => (
        <Line key={i} segments={segments} color={color} />
      ))}
    </Box>
  );
}
