import { Box } from 'ink';
import { Footer, HelpView } from '../../components/Chrome.tsx';
import { Line, type Segment } from '../../components/Line.tsx';
import { fit } from '../../text.ts';
import { helpLines } from '../keymap.ts';
import { reviewScreen } from '../screen.ts';
import type { ReviewContext, ReviewState } from '../state.ts';

export interface ReviewFrameProps {
  state: ReviewState;
  data: Pick<ReviewContext, 'cases' | 'labels'>;
  /** What is reviewed into what, for the title ("weak.jsonl → gold.jsonl"). */
  files: string;
  /** The time review speed is measured up to. */
  now: number;
  color: boolean;
}

const Lines = ({ lines, color }: { lines: readonly Segment[][]; color: boolean }) => (
  <>
    {lines.map((segments, i) => (
      <Line key={i} segments={segments} color={color} />
    ))}
  </>
);

/** One frame for a state: props only, so tests render it without a terminal. */
export function ReviewFrame({ state, data, files, now, color }: ReviewFrameProps) {
  const screen = reviewScreen(state, data, files, now);
  const { columns: width } = state.size;
  const g = screen.geometry;
  let body;
  if (state.help) body = <HelpView lines={helpLines()} width={width} height={g.body} color={color} />;
  else if (screen.side) {
    body = (
      <Box flexDirection="row">
        <Box width={g.mainWidth} flexDirection="column">
          <Lines lines={screen.main} color={color} />
        </Box>
        <Box marginLeft={1} width={g.sideWidth} flexDirection="column">
          <Lines lines={screen.side} color={color} />
        </Box>
      </Box>
    );
  } else body = <Lines lines={screen.main} color={color} />;
  return (
    <Box flexDirection="column" width={width}>
      <Line segments={[{ text: fit(screen.title, width), bold: true }]} color={color} />
      <Box height={g.body} flexDirection="column" overflow="hidden">
        {body}
      </Box>
      <Footer hints={screen.hints} status={screen.status} width={width} color={color} />
    </Box>
  );
}
