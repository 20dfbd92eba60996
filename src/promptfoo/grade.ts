import type { GradingResult } from 'promptfoo';
import { namedScoresFor, unlabeledScores } from './named-scores.ts';

/** Metadata the provider attaches to each response, for the assertion and for labelgate's rows. */
export interface ResponseMetadata {
  labels: string[];
  backend: string;
  model?: string;
  raw?: string;
  reason?: string;
  latencyMs?: number;
  /** The run under promptfoo's `repeat` (set from 1 on). */
  repeat?: number;
}

/** The per-case assertion: pass iff the predicted label equals the gold label; emits the counts behind the metrics. */
export function gradeCase(output: unknown, gold: unknown, labels: readonly string[]): GradingResult {
  const prediction = String(output ?? '');
  if (typeof gold !== 'string' || gold === '') {
    return { pass: true, score: 1, reason: `unlabeled case, predicted ${prediction}`, namedScores: unlabeledScores() };
  }
  const pass = prediction === gold;
  return {
    pass,
    score: pass ? 1 : 0,
    reason: pass ? `predicted ${prediction}, as labeled` : `predicted ${prediction}, labeled ${gold}`,
    namedScores: namedScoresFor(gold, prediction, labels),
  };
}
