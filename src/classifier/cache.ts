import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { contentHash } from '../core/hash.ts';
import { ERROR } from '../core/outcome.ts';
import { writeFileAtomic } from '../core/files.ts';
import { buildMessages } from '../variant/messages.ts';
import { labelNames } from '../variant/schema.ts';
import { identityOf, type Classifier, type Prediction } from './types.ts';

export const DEFAULT_CACHE_DIR = path.join('.labelgate', 'cache');

export interface CacheOptions {
  /**
   * Key by the case itself (id and text), not only by the messages built from it: code that
   * receives the case (a `module`) may answer from its id.
   */
  perCase?: boolean;
}

/**
 * A response cache on disk, keyed by everything that decides the answer: backend, model, settings,
 * the exact messages, the label set and the repeat index (`--repeat`). An unchanged variant on an
 * unchanged dataset costs nothing the second time (the pull-request flow's base run). Errors are
 * never cached, so they are retried.
 */
export function withResponseCache(
  inner: Classifier,
  dir = DEFAULT_CACHE_DIR,
  settings: Record<string, unknown> = {},
  options: CacheOptions = {},
): Classifier & { hits: number } {
  const wrapped = {
    ...identityOf(inner),
    hits: 0,
    async classify(variant, c, signal) {
      const key = contentHash(
        JSON.stringify({
          backend: inner.backend,
          model: inner.model,
          settings,
          // The code's hash (a `module`) or the provider's config hash: an edit asks again.
          ...(inner.classifier && { classifier: inner.classifier.hash }),
          ...(options.perCase && { case: { id: c.id, query: c.query, document: c.document } }),
          labels: labelNames(variant),
          messages: buildMessages(variant, c),
          // Absent for run 0, so the key of an unrepeated run is the key it always was.
          ...(c.repeat ? { repeat: c.repeat } : {}),
        }),
        40,
      );
      const file = path.join(dir, key.slice(0, 2), `${key}.json`);
      try {
        const { retries: _retries, cache: _cache, ...hit } = JSON.parse(readFileSync(file, 'utf8')) as Prediction;
        wrapped.hits += 1;
        return { ...hit, latencyMs: 0, cache: 'hit' };
      } catch {
        // not cached (or unreadable): ask the model
      }
      const p = await inner.classify(variant, c, signal);
      if (p.prediction === ERROR) return p;
      const { retries: _retries, ...kept } = p;
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileAtomic(file, JSON.stringify(kept));
      return { ...p, cache: 'stored' };
    },
  } satisfies Classifier & { hits: number };
  return wrapped;
}
