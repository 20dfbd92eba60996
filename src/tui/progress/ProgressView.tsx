import { Box } from 'ink';
import { Line, type Segment } from '../components/Line.tsx';
import { fit, safe } from '../text.ts';
import { progressSummary, type ProgressState } from './progress-state.ts';

export interface ProgressViewProps {
  state: ProgressState;
  now: number;
  width: number;
  color: boolean;
}

/** A bar per variant: filled share in text (█ and ░), so it reads the same without colour. */
export function progressLines(state: ProgressState, now: number, width: number): Segment[][] {
  const nameWidth = Math.min(24, Math.max(8, ...state.variants.map((v) => safe(v.variant).length))) + 1;
  const barWidth = Math.max(10, Math.min(40, width - nameWidth - 8));
  return state.variants.flatMap((v) => {
    const share = v.total === 0 ? 1 : Math.min(1, v.done / v.total);
    const filled = Math.round(share * barWidth);
    const problems = v.invalid + v.error > 0;
    return [
      [
        { text: fit(safe(v.variant), nameWidth) },
        { text: '█'.repeat(filled), color: problems ? 'yellow' : 'green' },
        { text: '░'.repeat(barWidth - filled), dim: true },
        { text: ` ${fit(`${Math.floor(share * 100)}%`, 4, 'right')}` },
      ],
      [{ text: fit(`${' '.repeat(nameWidth)}${progressSummary(v, now)}`, width), dim: !problems, ...(problems && { color: 'yellow' }) }],
    ];
  });
}

export function ProgressView({ state, now, width, color }: ProgressViewProps) {
  return (
    <Box flexDirection="column">
      {progressLines(state, now, width).map((segments, i) => (
        <Line key={i} segments={segments} color={color} />
      ))}
    </Box>
  );
}
