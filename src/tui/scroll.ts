import type { Segment } from './components/Line.tsx';
import { fit } from './text.ts';

/** The largest useful scroll of `total` lines in a pane of `height` lines (one of them the pane's rule). */
export const maxScroll = (total: number, height: number): number => Math.max(0, total - height + 1);

/**
 * A scrolled pane of `height` lines: a rule naming the pane and what is out of view (and the keys
 * that scroll it), then the lines from `scroll` on. The case detail of `compare` and the document of
 * `review` both scroll this way.
 */
export function scrollWindow(all: readonly Segment[][], scroll: number, width: number, height: number, title: string, keys: string): Segment[][] {
  const start = Math.min(scroll, maxScroll(all.length, height));
  const shown = all.slice(start, start + height - 1);
  const more = all.length - start - shown.length;
  const rule = fit(`─ ${title}${start > 0 ? ` (from line ${start + 1})` : ''}${more > 0 ? `, ${more} more line(s): ${keys}` : ''} `, width, 'left').replace(/ +$/, (s) => '─'.repeat(s.length));
  return [[{ text: rule, dim: true }], ...shown];
}
