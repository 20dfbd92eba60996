import { readPredictions, type RecordedPrediction } from '../dataset/predictions.ts';
import { ERROR, INVALID } from '../core/outcome.ts';
import { excerpt } from '../core/text.ts';
import { labelNames } from '../variant/schema.ts';
import type { Classifier, Prediction } from './types.ts';

/**
 * A recorded prediction judged against a label set: no record is an `error`, a recorded answer
 * that is not a label is `invalid` (kept in `raw`); recorded `invalid`/`error` stay what
 * they are.
 */
export function judgeRecorded(recorded: RecordedPrediction | undefined, labels: readonly string[]): Prediction {
  if (!recorded) return { prediction: ERROR, reason: 'no prediction for this case' };
  const p = recorded.prediction;
  if (labels.includes(p) || p === INVALID || p === ERROR) return { prediction: p };
  return { prediction: INVALID, raw: p, reason: `"${excerpt(p, 80)}" is not a label` };
}

/** Predictions recorded elsewhere, looked up by case id; none is ever skipped. */
export function createReplayClassifier(predictions: string | Map<string, RecordedPrediction>): Classifier {
  const byId = typeof predictions === 'string' ? readPredictions(predictions) : predictions;
  return {
    backend: 'replay',
    async classify(variant, c) {
      return judgeRecorded(byId.get(c.id), labelNames(variant));
    },
  };
}
