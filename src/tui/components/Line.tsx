import { Text } from 'ink';

/** A piece of a line with its style; the text must already be safe and fitted. */
export interface Segment {
  text: string;
  color?: string;
  backgroundColor?: string;
  bold?: boolean;
  dim?: boolean;
  inverse?: boolean;
}

/**
 * One terminal line of styled segments. With `color` false, styles are dropped (NO_COLOR, TERM=dumb):
 * every distinction must then already be in the text, which is why views put markers in it.
 */
export function Line({ segments, color }: { segments: readonly Segment[]; color: boolean }) {
  return (
    <Text wrap="truncate">
      {segments.map((s, i) =>
        color ? (
          <Text key={i} color={s.color} backgroundColor={s.backgroundColor} bold={s.bold} dimColor={s.dim} inverse={s.inverse}>
            {s.text}
          </Text>
        ) : (
          <Text key={i}>{s.text}</Text>
        ),
      )}
    </Text>
  );
}
