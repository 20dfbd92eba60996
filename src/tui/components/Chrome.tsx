import { Box } from 'ink';
import type { View } from '../state.ts';
import { fit, width as textWidth } from '../text.ts';
import { Line, type Segment } from './Line.tsx';

/** The tab bar: the current view bracketed (and highlighted when there is colour). */
export function tabSegments(views: readonly View[], current: View, title: string, width: number): Segment[] {
  const segs: Segment[] = views.map((v, i) => (v === current ? { text: `[${i + 1} ${v}]`, inverse: true, bold: true } : { text: ` ${i + 1} ${v} ` }));
  const used = segs.reduce((n, s) => n + textWidth(s.text) + 1, 0);
  return [...segs.flatMap((s) => [s, { text: ' ' }]), { text: fit(title, Math.max(0, width - used)), dim: true }];
}

/** The key hints that fit, in order, always ending with help and quit (help lists the rest). */
export function footerText(hints: readonly { keys: string; help: string }[], width: number): string {
  const always = hints.filter((h) => h.keys === '?' || h.keys === 'q');
  const tail = always.map((h) => `${h.keys} ${h.help}`).join('  ');
  let out = '';
  for (const h of hints) {
    if (always.includes(h)) continue;
    const part = `${out === '' ? '' : '  '}${h.keys} ${h.help}`;
    if (textWidth(out + part) + 2 + textWidth(tail) > width) break;
    out += part;
  }
  return out === '' ? tail : `${out}  ${tail}`;
}

export function TabBar(props: { views: readonly View[]; current: View; title: string; width: number; color: boolean }) {
  return <Line segments={tabSegments(props.views, props.current, props.title, props.width)} color={props.color} />;
}

export function Footer({ hints, status, width, color }: { hints: readonly { keys: string; help: string }[]; status: string; width: number; color: boolean }) {
  return (
    <Box flexDirection="column">
      <Line segments={[{ text: fit(status, width), color: 'yellow' }]} color={color} />
      <Line segments={[{ text: fit(footerText(hints, width), width), dim: true }]} color={color} />
    </Box>
  );
}

export function HelpView({ lines, width, height, color }: { lines: readonly { keys: string; help: string }[]; width: number; height: number; color: boolean }) {
  const keyWidth = Math.max(...lines.map((l) => textWidth(l.keys))) + 2;
  const shown = lines.slice(0, Math.max(1, height - 1));
  return (
    <Box flexDirection="column">
      <Line segments={[{ text: fit('keys (esc or ? closes)', width), bold: true }]} color={color} />
      {shown.map((l, i) => (
        <Line key={i} segments={[{ text: fit(`  ${l.keys}`, keyWidth + 2), bold: true }, { text: fit(l.help, Math.max(0, width - keyWidth - 2)) }]} color={color} />
      ))}
    </Box>
  );
}
