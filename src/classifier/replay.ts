import { readPredictions, type RecordedPrediction } from '../dataset/predictions.ts';
import { ERROR, INVALID } from '../report/schema.ts';
import { labelNames } from '../variant/schema.ts';
import type { Classifier } from './types.ts';

/**
 * Predictions recorded elsewhere, looked up by case id. A case with no recorded prediction is an
 * `error` and a recorded answer that is not a label is `invalid`: neither is ever skipped.
 */
export function createReplayClassifier(predictions: string | Map<string, RecordedPrediction>): Classifier & { unusedIds(seen: Iterable<string>): string[] } {
  const byId = typeof predictions === 'string' ? readPredictions(predictions) : predictions;
  return {
    backend: 'replay',
    async classify(variant, c) {
      const recorded = byId.get(c.id);
      if (!recorded) return { prediction: ERROR, reason: 'no recorded prediction for this case' };
      const labels = labelNames(variant);
      if (labels.includes(recorded.prediction)) return { prediction: recorded.prediction, raw: recorded.prediction };
      return { prediction: INVALID, raw: recorded.prediction, reason: `"${recorded.prediction.slice(0, 80)}" is not a label` };
    },
    unusedIds(seen) {
      const used = new Set(seen);
      return [...byId.keys()].filter((id) => !used.has(id));
    },
  };
}
