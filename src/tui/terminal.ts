/** Whether colour may carry meaning: not under NO_COLOR, TERM=dumb or a terminal without colours. */
export function colorAllowed(env: NodeJS.ProcessEnv, stream: NodeJS.WriteStream): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return typeof stream.hasColors === 'function' ? stream.hasColors() : false;
}

/** The terminal's alternate screen: a full-screen app leaves the scrollback as it found it. */
export const ALT_SCREEN_ON = '\u001b[?1049h';
export const ALT_SCREEN_OFF = '\u001b[?1049l';
