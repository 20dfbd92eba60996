/**
 * The Porter (1980) stemmer (with one fix, see step1), so "versions", "versioned" and "versioning" are one term, and so are
 * "integration", "integrate" and "integrations". British -ise spellings are folded into -ize first,
 * so "visualisation" and "visualization" meet.
 */

function isConsonant(w: string, i: number): boolean {
  const c = w[i];
  if (c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u') return false;
  if (c === 'y') return i === 0 || !isConsonant(w, i - 1);
  return true;
}

/** Porter's m: the number of vowel-consonant sequences in `s`. */
function measure(s: string): number {
  let m = 0;
  let i = 0;
  while (i < s.length && isConsonant(s, i)) i++;
  while (i < s.length) {
    while (i < s.length && !isConsonant(s, i)) i++;
    if (i >= s.length) break;
    while (i < s.length && isConsonant(s, i)) i++;
    m++;
  }
  return m;
}

const hasVowel = (s: string): boolean => [...s].some((_, i) => !isConsonant(s, i));

const endsDoubleConsonant = (s: string): boolean =>
  s.length >= 2 && s[s.length - 1] === s[s.length - 2] && isConsonant(s, s.length - 1);

/** consonant-vowel-consonant at the end, the last not w, x or y (e.g. "hop", not "snow"). */
function endsCvc(s: string): boolean {
  const n = s.length;
  if (n < 3 || !isConsonant(s, n - 3) || isConsonant(s, n - 2) || !isConsonant(s, n - 1)) return false;
  return !'wxy'.includes(s[n - 1]!);
}

/** Replaces the longest matching suffix of `rules` when the remaining stem has measure > `minM`. */
function replaceSuffix(w: string, rules: ReadonlyArray<readonly [string, string]>, minM: number): string {
  for (const [suffix, replacement] of rules) {
    if (!w.endsWith(suffix)) continue;
    const stem = w.slice(0, -suffix.length);
    return measure(stem) > minM ? stem + replacement : w;
  }
  return w;
}

const byLength = (rules: Array<readonly [string, string]>) => rules.sort((a, b) => b[0].length - a[0].length);

const STEP2 = byLength([
  ['ational', 'ate'], ['tional', 'tion'], ['enci', 'ence'], ['anci', 'ance'], ['izer', 'ize'], ['bli', 'ble'],
  ['alli', 'al'], ['entli', 'ent'], ['eli', 'e'], ['ousli', 'ous'], ['ization', 'ize'], ['ation', 'ate'],
  ['ator', 'ate'], ['alism', 'al'], ['iveness', 'ive'], ['fulness', 'ful'], ['ousness', 'ous'], ['aliti', 'al'],
  ['iviti', 'ive'], ['biliti', 'ble'], ['logi', 'log'],
]);
const STEP3 = byLength([
  ['icate', 'ic'], ['ative', ''], ['alize', 'al'], ['iciti', 'ic'], ['ical', 'ic'], ['ful', ''], ['ness', ''],
]);
const STEP4 = byLength(
  ['al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement', 'ment', 'ent', 'ion', 'ou', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize'].map(
    (s) => [s, ''] as const,
  ),
);

function step1(w: string): string {
  // Not in Porter (1980): singulars in -us and -ias keep their s, and their plurals lose "es", so
  // "alias" and "aliases", "status" and "statuses" meet (Porter makes "alia" and "alias").
  if (/(us|ias)es$/.test(w)) w = w.slice(0, -2);
  else if (/(us|ias)$/.test(w)) {
    /* keep */
  } else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('ies')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);

  if (w.endsWith('eed')) {
    if (measure(w.slice(0, -3)) > 0) w = w.slice(0, -1);
  } else {
    const suffix = w.endsWith('ed') ? 'ed' : w.endsWith('ing') ? 'ing' : '';
    const stem = suffix ? w.slice(0, -suffix.length) : '';
    if (suffix && hasVowel(stem)) {
      w = stem;
      if (w.endsWith('at') || w.endsWith('bl') || w.endsWith('iz')) w += 'e';
      else if (endsDoubleConsonant(w) && !'lsz'.includes(w[w.length - 1]!)) w = w.slice(0, -1);
      else if (measure(w) === 1 && endsCvc(w)) w += 'e';
    }
  }

  if (w.endsWith('y') && hasVowel(w.slice(0, -1))) w = `${w.slice(0, -1)}i`;
  return w;
}

function step4(w: string): string {
  for (const [suffix] of STEP4) {
    if (!w.endsWith(suffix)) continue;
    const stem = w.slice(0, -suffix.length);
    if (measure(stem) <= 1) return w;
    if (suffix === 'ion' && !(stem.endsWith('s') || stem.endsWith('t'))) return w;
    return stem;
  }
  return w;
}

function step5(w: string): string {
  if (w.endsWith('e')) {
    const stem = w.slice(0, -1);
    const m = measure(stem);
    if (m > 1 || (m === 1 && !endsCvc(stem))) w = stem;
  }
  if (measure(w) > 1 && w.endsWith('ll')) w = w.slice(0, -1);
  return w;
}

/** British to American spelling of -ise/-yse verbs and their derivations (visualise → visualize). */
export function americanise(word: string): string {
  return word
    .replace(/^([a-z]{3,})is(e|es|ed|er|ers|ing|ation|ations)$/, '$1iz$2')
    .replace(/^([a-z]{2,})ys(e|es|ed|ing)$/, '$1yz$2');
}

/** Stems one lower-case word. */
export function stem(word: string): string {
  let w = americanise(word);
  if (w.length <= 2) return w;
  w = step1(w);
  w = replaceSuffix(w, STEP2, 0);
  w = replaceSuffix(w, STEP3, 0);
  w = step4(w);
  return step5(w);
}
