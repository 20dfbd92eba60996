import { stem } from './stem.ts';

export interface Mention {
  /** Index of the label in the variant's label list. */
  label: number;
  offset: number;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `artifact`, "artifact" or 'artifact': how prompts usually name a label. */
function quotedPattern(name: string): RegExp {
  return new RegExp(`[\`"'“‘]${escapeRegExp(name)}[\`"'”’]`, 'gi');
}

/**
 * Whether the variant names its labels in quotes. If it does, only quoted names count as mentions,
 * so the ordinary word ("other libraries", "your artifacts") is not mistaken for the label.
 */
export function quotesLabels(texts: string[], labels: string[]): boolean {
  return texts.some((text) => labels.some((name) => quotedPattern(name).test(text)));
}

/** Where a text names one of the labels, by quoted name or (if `quoted` is false) by the stemmed word. */
export function findMentions(text: string, labels: string[], quoted: boolean): Mention[] {
  const mentions: Mention[] = [];
  labels.forEach((name, label) => {
    if (quoted) {
      for (const m of text.matchAll(quotedPattern(name))) mentions.push({ label, offset: m.index });
      return;
    }
    // An unquoted multi-word name ("bug_report") is matched as written, a one-word name by its stem.
    const words = name.split(/[-_]+/).filter(Boolean);
    if (words.length > 1) {
      const re = new RegExp(`\\b${words.map(escapeRegExp).join('[-_ ]')}\\b`, 'gi');
      for (const m of text.matchAll(re)) mentions.push({ label, offset: m.index });
      return;
    }
    const target = stem(name.toLowerCase());
    for (const m of text.toLowerCase().matchAll(/[a-z]+/g)) {
      if (stem(m[0]) === target) mentions.push({ label, offset: m.index });
    }
  });
  return mentions.sort((a, b) => a.offset - b.offset || a.label - b.label);
}

/**
 * Splits prose into the units one statement about a label lives in: sentences, list items and
 * paragraphs. Returns each segment with its offset in the text.
 */
export function segments(text: string): Array<{ text: string; offset: number }> {
  const out: Array<{ text: string; offset: number }> = [];
  const boundary = /(?<=[.!?;])\s+|\n\s*\n|\n\s*(?=[-*•]\s|\d+[.)]\s)/g;
  let start = 0;
  for (const m of text.matchAll(boundary)) {
    out.push({ text: text.slice(start, m.index), offset: start });
    start = m.index + m[0].length;
  }
  out.push({ text: text.slice(start), offset: start });
  return out.filter((s) => s.text.trim() !== '');
}
