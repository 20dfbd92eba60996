import { INVALID } from '../core/outcome.ts';
import { identityOf, type Classifier, type ClassifierCase, type Prediction } from './types.ts';

/**
 * A size limit on what a case sends to the model: a case whose query and document together are
 * longer than `maxChars` becomes `invalid`, with the reason, before any request is made, so a
 * megabyte pasted into a dataset costs nothing instead of a million paid tokens.
 */
export const DEFAULT_MAX_INPUT_CHARS = 100_000;

/** The usual rough estimate for English text with OpenAI's tokenizers. */
export const CHARS_PER_TOKEN = 4;

export const caseChars = (c: ClassifierCase): number => c.query.length + (c.document?.length ?? 0);

/** `invalid` with the reason when the case is over the limit, else undefined. */
export function checkInputSize(c: ClassifierCase, maxChars: number): Prediction | undefined {
  const chars = caseChars(c);
  if (chars <= maxChars) return undefined;
  const tokens = Math.ceil(chars / CHARS_PER_TOKEN);
  return {
    prediction: INVALID,
    reason: `input too large: ${chars.toLocaleString('en-US')} characters (about ${tokens.toLocaleString('en-US')} tokens) in query and document, over the limit of ${maxChars.toLocaleString('en-US')} (maxInputChars); not sent`,
  };
}

export function withInputGuard(inner: Classifier, maxChars: number): Classifier {
  if (!Number.isInteger(maxChars) || maxChars < 1) throw new Error(`maxInputChars must be a positive whole number (got ${maxChars})`);
  return {
    ...identityOf(inner),
    classify(variant, c, signal) {
      const refused = checkInputSize(c, maxChars);
      // Nothing was sent, so nothing was billed: a known cost of 0, not an unknown one.
      return refused ? Promise.resolve({ ...refused, latencyMs: 0, costUsd: 0 }) : inner.classify(variant, c, signal);
    },
  };
}
