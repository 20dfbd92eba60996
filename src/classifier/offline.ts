import { performance } from 'node:perf_hooks';
import type { Variant } from '../variant/schema.ts';
import { buildProfile, type Profile } from './offline/profile.ts';
import { MARGIN, scoreCase, type Scored } from './offline/score.ts';
import type { Classifier, ClassifierCase, Prediction } from './types.ts';

/**
 * The offline backend: a deterministic lexical classifier that learns only from the variant's own
 * text (label names, descriptions, examples, system message). It is a baseline for comparing how
 * much signal variants carry, not a stand-in for an LLM; see docs/offline-model.md.
 */
export const OFFLINE_MODEL = 'lexical-v1';

/** `artifact (score 2.31 vs other 0.80; alias, version)`: why the model chose what it chose. */
export function explain(profile: Profile, scored: Scored): string {
  const name = (i: number) => profile.labels[i]!;
  const fmt = (n: number) => n.toFixed(2);
  const { label, scores, evidence } = scored;
  const terms = evidence.length > 0 ? `; ${evidence.join(', ')}` : '';
  if (label !== profile.fallback) {
    return `${name(label)} (score ${fmt(scores[label]!)} vs ${name(profile.fallback)} ${fmt(scores[profile.fallback]!)}${terms})`;
  }
  let runnerUp = -1;
  scores.forEach((s, i) => {
    if (i !== label && (runnerUp < 0 || s > scores[runnerUp]!)) runnerUp = i;
  });
  const vs = runnerUp < 0 ? '' : ` vs ${name(runnerUp)} ${fmt(scores[runnerUp]!)}, margin ${fmt(MARGIN)}`;
  return `${name(label)} (score ${fmt(scores[label]!)}${vs}${terms})`;
}

export function createOfflineClassifier(): Classifier {
  // The profile depends on the variant's content alone, so its content hash is the cache key.
  const profiles = new Map<string, Profile>();
  const profileOf = (v: Variant): Profile => {
    let p = profiles.get(v.hash);
    if (!p) {
      p = buildProfile(v);
      profiles.set(v.hash, p);
    }
    return p;
  };

  return {
    backend: 'offline',
    model: OFFLINE_MODEL,
    classify(variant: Variant, c: ClassifierCase): Promise<Prediction> {
      const start = performance.now();
      const profile = profileOf(variant);
      const scored = scoreCase(profile, c);
      const latencyMs = performance.now() - start;
      return Promise.resolve({ prediction: profile.labels[scored.label]!, raw: explain(profile, scored), latencyMs });
    },
  };
}
