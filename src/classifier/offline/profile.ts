import type { Variant } from '../../variant/schema.ts';
import { findMentions, quotesLabels, segments } from './mentions.ts';
import { tokenize } from './tokenize.ts';

/**
 * How much each part of a variant says about a label. A label's name is the strongest statement of
 * what it is; its description, each positive example and each sentence of the system message that
 * names only that label count once; a sentence that names several labels counts half, since which
 * of its words belong to which label is a guess.
 */
export const SOURCE_WEIGHT = {
  name: 3,
  statement: 1,
  sharedStatement: 0.5,
} as const;

/** What the offline model knows about one variant: a weight per term and label. */
export interface Profile {
  labels: string[];
  fallback: number;
  /** term → weight for each label (same order as `labels`); positive is evidence for the label. */
  weights: Map<string, Float64Array>;
}

type Evidence = Array<Map<string, number>>;

function add(evidence: Evidence, label: number, terms: Iterable<string>, weight: number): void {
  const map = evidence[label]!;
  for (const t of new Set(terms)) map.set(t, (map.get(t) ?? 0) + weight);
}

/**
 * Attributes the terms of a prose text to labels. A segment (sentence or list item) that names no
 * label belongs to `owner` (a label's own description) or to nobody (the system message). In a
 * segment that names labels, each term goes to the label named nearest to it, so
 * "billing questions are `other` even if the document mentions `artifact`" sends "billing" to other.
 */
function addProse(evidence: Evidence, text: string, labels: string[], quoted: boolean, owner?: number): void {
  for (const seg of segments(text)) {
    const mentions = findMentions(seg.text, labels, quoted);
    const tokens = tokenize(seg.text);
    if (mentions.length === 0) {
      if (owner !== undefined) add(evidence, owner, tokens.map((t) => t.term), SOURCE_WEIGHT.statement);
      continue;
    }
    const named = new Set(mentions.map((m) => m.label)).size;
    const weight = named === 1 ? SOURCE_WEIGHT.statement : SOURCE_WEIGHT.sharedStatement;
    const byLabel = new Map<number, string[]>();
    for (const token of tokens) {
      let nearest = mentions[0]!;
      for (const m of mentions) {
        if (Math.abs(m.offset - token.offset) < Math.abs(nearest.offset - token.offset)) nearest = m;
      }
      // The mention itself is the label's name, which already counts on its own.
      if (nearest.offset === token.offset) continue;
      byLabel.set(nearest.label, [...(byLabel.get(nearest.label) ?? []), token.term]);
    }
    for (const [label, terms] of byLabel) add(evidence, label, terms, weight);
  }
}

/**
 * Builds the term weights of a variant. Positive evidence for a label comes from its name,
 * description, positive examples and the system message's sentences about it; its negative examples
 * are evidence against it. Each side is damped (log2(1 + x): one statement is worth 1, seven are
 * worth 3), so many examples sharing a word do not outweigh everything else. A term's weight is then
 * scaled by how few labels it supports, log(K / labels it supports) / log(K), from 1 for a term of
 * one label to 0 for a term of every label, which tells them apart not at all.
 */
export function buildProfile(variant: Pick<Variant, 'labels' | 'fallback' | 'system'>): Profile {
  const labels = variant.labels.map((l) => l.name);
  const k = labels.length;
  const positive: Evidence = labels.map(() => new Map());
  const negative: Evidence = labels.map(() => new Map());
  const quoted = quotesLabels([variant.system, ...variant.labels.map((l) => l.description)], labels);

  variant.labels.forEach((label, i) => {
    add(positive, i, tokenize(label.name.replace(/[-_]+/g, ' ')).map((t) => t.term), SOURCE_WEIGHT.name);
    // In its own description a label is the subject, so only a quoted name moves words elsewhere
    // ("Questions about flamingos and other birds" stays with its label, not with `other`).
    addProse(positive, label.description, labels, true, i);
    for (const example of label.examples.positive) add(positive, i, tokenize(example).map((t) => t.term), SOURCE_WEIGHT.statement);
    for (const example of label.examples.negative) add(negative, i, tokenize(example).map((t) => t.term), SOURCE_WEIGHT.statement);
  });
  addProse(positive, variant.system, labels, quoted);

  const vocabulary = new Set([...positive, ...negative].flatMap((m) => [...m.keys()]));
  const weights = new Map<string, Float64Array>();
  for (const term of [...vocabulary].sort()) {
    const raw = labels.map((_, i) => Math.log2(1 + (positive[i]!.get(term) ?? 0)) - Math.log2(1 + (negative[i]!.get(term) ?? 0)));
    const supported = raw.filter((w) => w > 0).length;
    const specificity = Math.log(k / Math.max(1, supported)) / Math.log(k);
    if (specificity === 0) continue;
    weights.set(term, Float64Array.from(raw, (w) => w * specificity));
  }
  return { labels, fallback: labels.indexOf(variant.fallback), weights };
}
