import type { CaseInput } from '../../variant/messages.ts';
import type { Profile } from './profile.ts';
import { terms } from './tokenize.ts';

/**
 * The retrieved document is context, not the question: its evidence is scaled by this and by
 * 1/sqrt(its number of distinct terms), so a long page does not count more than a short one.
 */
export const DOCUMENT_WEIGHT = 1;

/**
 * How much more evidence a specific label needs than the fallback. Roughly one distinctive term that
 * a label's description or examples use: a specific label is chosen on evidence, never by default.
 */
export const MARGIN = 0.75;

export interface Scored {
  /** Index of the predicted label. */
  label: number;
  /** Score of every label, in the variant's order. */
  scores: number[];
  /** The query terms that contributed most to the predicted label, strongest first. */
  evidence: string[];
}

function accumulate(profile: Profile, words: Set<string>, scale: number, into: number[], contributions?: Map<string, Float64Array>): void {
  for (const word of words) {
    const w = profile.weights.get(word);
    if (!w) continue;
    for (let i = 0; i < w.length; i++) into[i]! += scale * w[i]!;
    contributions?.set(word, w);
  }
}

/** Scores one case against a profile; a pure function of its arguments. */
export function scoreCase(profile: Profile, c: CaseInput): Scored {
  const scores = profile.labels.map(() => 0);
  const query = terms(c.query);
  const contributions = new Map<string, Float64Array>();
  accumulate(profile, query, 1, scores, contributions);
  if (c.document) {
    const doc = terms(c.document);
    const fromDoc = profile.labels.map(() => 0);
    if (doc.size > 0) accumulate(profile, doc, DOCUMENT_WEIGHT / Math.sqrt(doc.size), fromDoc);
    // Context, not evidence: the document can strengthen a label the question itself points to, by
    // at most as much as the question does; it never creates a label on its own.
    fromDoc.forEach((s, i) => {
      if (scores[i]! > 0 && s > 0) scores[i]! += Math.min(s, scores[i]!);
    });
  }

  let best = -1;
  scores.forEach((s, i) => {
    if (i !== profile.fallback && (best < 0 || s > scores[best]!)) best = i;
  });
  const fallbackScore = scores[profile.fallback] ?? 0;
  const label = best >= 0 && scores[best]! > 0 && scores[best]! - fallbackScore >= MARGIN ? best : profile.fallback;

  const evidence = [...contributions]
    .filter(([, w]) => w[label]! > 0)
    .sort(([a, wa], [b, wb]) => wb[label]! - wa[label]! || (a < b ? -1 : 1))
    .slice(0, 3)
    .map(([t]) => t);
  return { label, scores, evidence };
}
