import { stem } from './stem.ts';

/**
 * Function words and question scaffolding ("how do I ...") that say nothing about a topic. Topic
 * words common to every label (such as the product's name) are not listed: the label-frequency
 * weighting removes them, from the variant's own text.
 */
const STOP_WORDS = new Set(
  `a about above after again against all also am an and any anyone anything are aren as at be because been before
  being below between both but by can cannot could couldn did didn do does doesn doing don done down during each
  either else etc even ever every everything few for from further get gets getting got had has have having he her here hers
  him his how however i if in instead into is isn it its itself just let like ll make makes me might more most much must my
  myself need needs neither no nor not now of off often on once one only or other others otherwise our ours out
  over own per please possible re really same shall she should shouldn so some something still such sure than
  thank thanks that the their theirs them themselves then there these they thing things this those though through
  to too try trying under until up upon us use used uses using ve very via want wants was wasn way we were weren what whatever when where whether
  which while who whom whose why will with within without won would wouldn yes yet you your yours yourself`.split(
    /\s+/,
  ),
);

export interface Token {
  /** The stemmed term. */
  term: string;
  /** Offset of the word in the text, for finding the label a sentence names nearest to it. */
  offset: number;
}

/** Words are runs of letters; digits and punctuation split them ("run.log()" is "run", "log"). */
const WORD = /[a-z]+/g;

/** Stems of the words seen so far: a text's words are mostly words seen before, and stemming is the costly part of tokenizing. */
const stems = new Map<string, string>();
const MAX_STEMS = 100_000;

function stemmed(word: string): string {
  let s = stems.get(word);
  if (s === undefined) {
    if (stems.size >= MAX_STEMS) stems.clear();
    s = stem(word);
    stems.set(word, s);
  }
  return s;
}

/** Content terms of a text in order: lower-cased, stop words and one-letter words dropped, stemmed. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.toLowerCase().matchAll(WORD)) {
    const word = m[0];
    if (word.length < 2 || STOP_WORDS.has(word)) continue;
    tokens.push({ term: stemmed(word), offset: m.index });
  }
  return tokens;
}

/** The distinct content terms of a text. */
export function terms(text: string): Set<string> {
  return new Set(tokenize(text).map((t) => t.term));
}
