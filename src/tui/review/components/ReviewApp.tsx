import { useApp, useInput, useStdout } from 'ink';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { WeakCase } from '../../../dataset/weak.ts';
import { splitKeys } from '../../keymap.ts';
import { actionFor } from '../keymap.ts';
import { reviewContext } from '../screen.ts';
import { reduce, type Effect, type ReviewState } from '../state.ts';
import { ReviewFrame } from './ReviewFrame.tsx';

export interface ReviewAppProps {
  cases: readonly WeakCase[];
  labels: readonly string[];
  initial: ReviewState;
  files: string;
  color: boolean;
  /** Performs a file change (append, remove, skip) and returns only once it is on disk; throwing ends the session. */
  onEffect(effect: Effect): void;
  /** Sees every state, so the command can print the session's summary after it ends. */
  onState?(state: ReviewState): void;
  /** The clock, for decision times and speed (tests pass their own). */
  clock?: () => number;
}

/**
 * The one container: keys become actions through the keymap, the reducer makes the next state, and
 * the file change an action asks for is made before the next key is read, so a decision on screen is
 * a decision on disk.
 */
export function ReviewApp({ cases, labels, initial, files, color, onEffect, onState, clock = Date.now }: ReviewAppProps) {
  const ctx = useMemo(() => reviewContext(cases, labels), [cases, labels]);
  const [state, setState] = useState(initial);
  const latest = useRef(initial);
  const { exit } = useApp();
  const { stdout } = useStdout();
  useEffect(() => {
    const onResize = () => {
      latest.current = reduce(latest.current, { type: 'resize', columns: stdout.columns, rows: stdout.rows }, ctx);
      setState(latest.current);
    };
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout, ctx]);
  useEffect(() => {
    onState?.(state);
    if (state.quit) exit();
  }, [state, exit, onState]);
  useInput((input, key) => {
    // Several keys can arrive in one read; each is looked up in the state the previous one left.
    for (const [i, k] of splitKeys(input, key)) {
      const action = actionFor(latest.current, i, k, clock());
      if (!action) continue;
      const next = reduce(latest.current, action, ctx);
      if (next.effect) {
        try {
          onEffect(next.effect);
        } catch (e) {
          exit(e instanceof Error ? e : new Error(String(e)));
          return;
        }
      }
      latest.current = next;
      if (next.quit) break;
    }
    setState(latest.current);
  });
  return <ReviewFrame state={state} data={ctx} files={files} now={state.lastAt} color={color} />;
}
