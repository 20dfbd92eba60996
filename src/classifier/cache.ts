import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { contentHash } from '../core/hash.ts';
import { ERROR } from '../core/outcome.ts';
import { writeFileAtomic } from '../core/files.ts';
import { buildMessages } from '../variant/messages.ts';
import { labelNames } from '../variant/schema.ts';
import type { Variant } from '../variant/schema.ts';
import { identityOf, type Classifier, type ClassifierCase, type Prediction } from './types.ts';

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
      const key = responseCacheKey(inner, settings, options, variant, c);
      const hit = readCachedAnswer(dir, key);
      if (hit) {
        wrapped.hits += 1;
        return hit;
      }
      const p = await inner.classify(variant, c, signal);
      if (p.prediction === ERROR) return p;
      storeCachedAnswer(dir, key, p);
      return { ...p, cache: 'stored' };
    },
  } satisfies Classifier & { hits: number };
  return wrapped;
}

/**
 * The key of one answer: everything that decides it. Exported so that a batch run (openai-batch.ts)
 * files its answers where the chat path looks for them.
 */
export function responseCacheKey(
  who: Pick<Classifier, 'backend' | 'model' | 'classifier'>,
  settings: Record<string, unknown>,
  options: CacheOptions,
  variant: Variant,
  c: ClassifierCase,
): string {
  return contentHash(
    JSON.stringify({
      backend: who.backend,
      model: who.model,
      settings,
      // The code's hash (a `module`) or the provider's config hash: an edit asks again.
      ...(who.classifier && { classifier: who.classifier.hash }),
      ...(options.perCase && { case: { id: c.id, query: c.query, document: c.document } }),
      labels: labelNames(variant),
      messages: buildMessages(variant, c),
      // Absent for run 0, so the key of an unrepeated run is the key it always was.
      ...(c.repeat ? { repeat: c.repeat } : {}),
    }),
    40,
  );
}

const entryFile = (dir: string, key: string) => path.join(dir, key.slice(0, 2), `${key}.json`);

/** The cached answer under `key`, as a hit, or undefined when there is none (or it is unreadable). */
export function readCachedAnswer(dir: string, key: string): Prediction | undefined {
  try {
    const { retries: _retries, cache: _cache, ...hit } = JSON.parse(readFileSync(entryFile(dir, key), 'utf8')) as Prediction;
    return { ...hit, latencyMs: 0, cache: 'hit' };
  } catch {
    return undefined;
  }
}

/** Keeps an answer (never an error) under `key`, written whole. */
export function storeCachedAnswer(dir: string, key: string, p: Prediction): void {
  if (p.prediction === ERROR) return;
  const { retries: _retries, cache: _cache, ...kept } = p;
  const file = entryFile(dir, key);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomic(file, JSON.stringify(kept));
}
