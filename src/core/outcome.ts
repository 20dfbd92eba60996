/**
 * The outcome vocabulary: what a classifier's answer for one case can be. A prediction is one of the
 * variant's labels or one of the two outcomes that are not a label; a comparison adds a third
 * state for a case one report has and the other lacks. Every module that needs these names takes
 * them from here.
 */

/** The model answered, but not with one of the variant's labels (refusal, unparsable, out of set). */
export const INVALID = 'invalid';
/** No answer at all: a transport failure that survived retries, a case the run never produced. */
export const ERROR = 'error';
/** A comparison's stand-in for a case the candidate has no row for (parentheses cannot occur in a label name). */
export const MISSING = '(missing)';

export type Outcome = typeof INVALID | typeof ERROR;
/** The predictions that are not a label, in the order reports show them (matrix columns after the labels). */
export const OUTCOMES: readonly Outcome[] = [INVALID, ERROR];

/**
 * A prediction: a label name, or an outcome. Label names are data (the variant decides them), so
 * the type cannot list them; `isOutcome` tells the two apart.
 */
export type Prediction = string;

export const isOutcome = (prediction: string): prediction is Outcome => prediction === INVALID || prediction === ERROR;

/**
 * Names that can never be label names: the outcomes, and `__proto__`, which a JSON record keyed by
 * label (per-label metrics) cannot hold.
 */
export const RESERVED_LABELS: readonly string[] = [INVALID, ERROR, '__proto__'];

/** Why a name is reserved, for error messages. */
export function reservedReason(name: string): string | undefined {
  if (isOutcome(name)) return `"${name}" is a prediction outcome`;
  if (RESERVED_LABELS.includes(name)) return 'it cannot be a key in the report';
  return undefined;
}
