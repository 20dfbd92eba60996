import { INVALID } from '../core/outcome.ts';
import type { Prediction } from './types.ts';

/**
 * Turns a model's text answer into a prediction: JSON `{"label": ...}` (possibly fenced) or a bare
 * label. Anything that is not exactly one of `labels` is `invalid`, and the raw answer is kept.
 */
export function parseAnswer(raw: string, labels: readonly string[]): Prediction {
  const text = raw.trim().replace(/^```(?:json)?\s*([\s\S]*?)\s*```$/, '$1');
  let label: unknown = text;
  if (text.startsWith('{')) {
    try {
      label = (JSON.parse(text) as { label?: unknown }).label;
    } catch {
      return { prediction: INVALID, raw, reason: 'unparsable JSON' };
    }
  }
  if (typeof label === 'string' && labels.includes(label)) return { prediction: label, raw };
  if (typeof label === 'string' && labels.includes(label.trim().toLowerCase())) return { prediction: label.trim().toLowerCase(), raw };
  return { prediction: INVALID, raw, reason: typeof label === 'string' ? `"${label.slice(0, 80)}" is not a label` : 'no label in the answer' };
}
