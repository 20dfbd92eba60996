import { ERROR, INVALID } from '../core/outcome.ts';
import type { ProgressEvent, ProgressSink } from '../core/progress.ts';
import { identityOf, type Classifier, type Prediction } from '../classifier/types.ts';
import { labelNames, variantId, type Variant } from '../variant/schema.ts';

/**
 * Counts each variant's answers as the classifier returns them and sends the running counts to the
 * sink: every call to `classify` is one case of one variant, whatever runs the loop (promptfoo
 * today), so the counts match the report's rows. A prediction outside the variant's labels counts
 * as invalid, as the report will count it.
 */
export function withProgress(inner: Classifier, variants: readonly Variant[], casesPerVariant: number, sink: ProgressSink): Classifier {
  const counts = new Map<string, ProgressEvent>();
  const labels = new Map<string, ReadonlySet<string>>();
  for (const v of variants) {
    const event: ProgressEvent = { variant: variantId(v), done: 0, total: casesPerVariant, invalid: 0, error: 0, retries: 0, cacheHits: 0, cacheStored: 0 };
    counts.set(v.path, event);
    labels.set(v.path, new Set(labelNames(v)));
  }
  // Every variant from the first request on, in the variants' order, so a bar's rate counts from
  // when cases started, not from the engine's start-up.
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    for (const event of counts.values()) sink.update({ ...event });
  };
  const record = (variant: Variant, p: Prediction) => {
    const c = counts.get(variant.path);
    if (c === undefined) return;
    c.done += 1;
    if (p.prediction === ERROR) c.error += 1;
    else if (p.prediction === INVALID || !labels.get(variant.path)!.has(p.prediction)) c.invalid += 1;
    c.retries += p.retries ?? 0;
    if (p.cache === 'hit') c.cacheHits += 1;
    if (p.cache === 'stored') c.cacheStored = (c.cacheStored ?? 0) + 1;
    sink.update({ ...c });
  };
  return {
    ...identityOf(inner),
    async classify(variant, c, signal) {
      start();
      let p: Prediction;
      try {
        p = await inner.classify(variant, c, signal);
      } catch (e) {
        // The provider turns a throw into an `error` row; count it as one and let it go on.
        record(variant, { prediction: ERROR });
        throw e;
      }
      record(variant, p);
      return p;
    },
  };
}
