import { Box } from 'ink';
import type { Grid, GridCell, GridMode } from '../model/confusion.ts';
import { fit, safe, width as textWidth } from '../text.ts';
import { Line, type Segment } from './Line.tsx';

export interface ConfusionViewProps {
  /** The columns' grids, then the delta grid when there is one. */
  grids: readonly Grid[];
  mode: GridMode;
  /** Index of the first grid shown. */
  first: number;
  width: number;
  height: number;
  color: boolean;
}

const SHADES = ['', '#1e3a5f', '#24578f', '#2a74bf', '#3b8fe0'];
const GAP = 3;

function shadeColor(cell: GridCell, delta: boolean): string | undefined {
  const level = Math.min(SHADES.length - 1, Math.ceil(cell.shade * (SHADES.length - 1)));
  if (level === 0) return undefined;
  if (!delta) return SHADES[level];
  // A change on the diagonal is more right answers when it grows; off it, more confusion.
  const good = cell.diagonal ? cell.count > 0 : cell.count < 0;
  return good ? ['', '#1f4d2b', '#2b6e3c', '#36904e', '#42b260'][level] : ['', '#5c1f1f', '#842b2b', '#ac3737', '#d44343'][level];
}

/** A grid as styled lines, every cell's number printed (colour only repeats it). */
export function gridLines(grid: Grid, cellWidth: number, labelWidth: number): Segment[][] {
  const lineWidth = labelWidth + grid.columns.length * (cellWidth + 1);
  const title = grid.delta ? `Δ ${grid.title}` : grid.title;
  const lines: Segment[][] = [[{ text: fit(safe(title), lineWidth), bold: true }]];
  lines.push([{ text: fit('gold\\pred', labelWidth), dim: true }, ...grid.columns.map((c) => ({ text: ` ${fit(safe(c), cellWidth, 'right')}`, dim: true }))]);
  grid.rows.forEach((row, i) => {
    const segs: Segment[] = [{ text: fit(safe(row), labelWidth) }];
    grid.cells[i]!.forEach((cell) => {
      const text = cell.diagonal ? `[${cell.text}]` : cell.text;
      const bg = shadeColor(cell, grid.delta);
      segs.push({ text: ' ' }, { text: fit(text, cellWidth, 'right'), ...(bg && { backgroundColor: bg, color: 'white' }) });
    });
    lines.push(segs);
  });
  return lines;
}

export function gridSize(grid: Grid): { cellWidth: number; labelWidth: number; width: number; height: number } {
  const longest = Math.max(...grid.cells.flat().map((c) => textWidth(c.text) + 2), 5);
  const cellWidth = Math.min(10, Math.max(longest, ...grid.columns.map((c) => Math.min(8, textWidth(safe(c))))));
  const labelWidth = Math.min(16, Math.max(10, ...grid.rows.map((r) => textWidth(safe(r)) + 1)));
  return { cellWidth, labelWidth, width: labelWidth + grid.columns.length * (cellWidth + 1), height: grid.rows.length + 3 };
}

/** Grids from `first` on, side by side while they fit the width, in as many bands as fit the height. */
export function confusionLines(grids: readonly Grid[], mode: GridMode, first: number, width: number, height: number): Segment[][] {
  const note = mode === 'counts' ? 'counts; [diagonal] = right; Δ = column − ref' : 'row shares (% of gold); [diagonal] = right; Δ in points';
  const out: Segment[][] = [[{ text: fit(`${note}   grid ${Math.min(first + 1, grids.length)}/${grids.length}`, width), dim: true }]];
  let i = first;
  while (i < grids.length) {
    const band: { lines: Segment[][]; width: number }[] = [];
    let used = 0;
    while (i < grids.length) {
      const size = gridSize(grids[i]!);
      if (band.length > 0 && used + GAP + size.width > width) break;
      band.push({ lines: gridLines(grids[i]!, size.cellWidth, size.labelWidth), width: size.width });
      used += (band.length > 1 ? GAP : 0) + size.width;
      i++;
    }
    const bandHeight = Math.max(...band.map((b) => b.lines.length));
    if (out.length > 1 && out.length + bandHeight > height) break;
    for (let l = 0; l < bandHeight; l++) {
      const line: Segment[] = [];
      band.forEach((b, k) => {
        if (k > 0) line.push({ text: ' '.repeat(GAP) });
        line.push(...(b.lines[l] ?? [{ text: ' '.repeat(b.width) }]));
      });
      out.push(line);
    }
    out.push([{ text: ' ' }]); // an empty Text takes no line in Ink
  }
  return out.slice(0, Math.max(1, height));
}

export function ConfusionView({ grids, mode, first, width, height, color }: ConfusionViewProps) {
  return (
    <Box flexDirection="column">
      {confusionLines(grids, mode, first, width, height).map((segments, i) => (
        <Line key={i} segments={segments} color={color} />
      ))}
    </Box>
  );
}
