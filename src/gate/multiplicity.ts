/**
 * Family-wise error control across the regression rules of one gate run: the accuracy rule and
 * every per-label recall rule of every judged variant. Tested each at α, k rules would block an
 * unchanged pull request with probability up to k·α; together they must keep it at α.
 *
 * The procedure is Holm's weighted step-down (Holm 1979) over the rules that can fail at all:
 *
 * 1. Weights. Each compared variant gets an equal share; within it the accuracy rule gets
 *    `accuracyShare` (the headline, and the rule with the most cases, so the one most often able to
 *    detect anything) and the label rules split the rest equally.
 * 2. Which rules can fail depends only on each rule's number of discordant pairs m: a rule fails
 *    only if its drop exceeds the allowance (impossible when m/n ≤ allowance) and its exact p is
 *    below its level (impossible when ½^m, the smallest p m pairs can give, is not). Under "nothing
 *    changed" every discordant pair is a fair coin whatever the m's are, so a family chosen from
 *    the m's alone keeps each p-value valid given that family. Rules that cannot fail at their
 *    first-step level leave the family (repeated until none does) and give their weight to the
 *    rest: a label with three flipped cases no longer costs the accuracy rule any of its level.
 *    This is Tarone's (1990) observation for discrete tests, applied to the first step of Holm.
 * 3. A rule whose drop is within its allowance cannot fail; its p-value is taken as 1 (a larger
 *    p-value is still a valid one), so it stays in the family without ever being rejected.
 * 4. Weighted Holm on the family: order by p/w; the j-th is rejected if every rule before it and
 *    itself has p/w < α / (the weight of the rules not yet rejected). Equivalently its adjusted p,
 *    max over those rules of min(1, p/w · remaining weight), is below α.
 *
 * Holm needs no assumption about how the rules depend on each other (a label's cases are also
 * accuracy's), and rejects at least what Bonferroni at the weights would: a rule's level is never
 * below α·w, the level `minDetectableDrop` is stated at, so the stated power is a floor.
 */

export interface FamilyRule {
  /** Paired cases. */
  n: number;
  /** Discordant pairs (broken + fixed). */
  discordant: number;
  allowance: number;
  /** The observed drop (b − c)/n. */
  drop: number;
  /** McNemar's exact one-sided p. */
  pValue: number;
  /** Share of α given to this rule (weights of one run sum to 1). */
  weight: number;
  /**
   * False for a rule that passes whatever its p (its bootstrap interval is within the allowance).
   * It stays in the family with p taken as 1: leaving it out would pick the family by how the
   * pairs fell, and the family may depend on the discordant counts alone.
   */
  canFail?: boolean;
}

export interface AdjustedRule {
  /** Whether the rule is in the family that is tested (it can fail given its discordant pairs). */
  tested: boolean;
  /** The level its own p had to be below to fail at the first step: α·w / (the family's weight). */
  level: number;
  /** Holm's adjusted p-value (1 outside the family). The rule fails iff this is below α. */
  adjustedP: number;
  fails: boolean;
}

/**
 * Weights for the regression rules of a gate run, one list per compared variant: `labelRules[v]` is
 * the number of per-label rules of variant v; the accuracy rule comes first in each list.
 */
export function familyWeights(labelRules: readonly number[], accuracyShare: number): number[][] {
  const variantShare = 1 / labelRules.length;
  return labelRules.map((labels) => {
    if (labels === 0) return [variantShare];
    const label = (variantShare * (1 - accuracyShare)) / labels;
    return [variantShare * accuracyShare, ...Array<number>(labels).fill(label)];
  });
}

/** Whether m discordant pairs of n could fail the rule at `level`, whatever way they fall. */
function reachable(r: FamilyRule, level: number): boolean {
  // From n, m and the allowance only: never from how the pairs fell (b), which would bias the family.
  return r.n > 0 && r.discordant / r.n > r.allowance && 0.5 ** r.discordant < level;
}

export function adjustFamily(rules: readonly FamilyRule[], alpha: number): AdjustedRule[] {
  let family = rules.map((_, i) => i).filter((i) => rules[i]!.weight > 0 && reachable(rules[i]!, alpha));
  for (;;) {
    const total = family.reduce((s, i) => s + rules[i]!.weight, 0);
    const kept = family.filter((i) => reachable(rules[i]!, (alpha * rules[i]!.weight) / total));
    if (kept.length === family.length) break;
    family = kept;
  }
  const total = family.reduce((s, i) => s + rules[i]!.weight, 0);
  const p = (i: number): number => (rules[i]!.drop > rules[i]!.allowance && rules[i]!.canFail !== false ? rules[i]!.pValue : 1);
  const order = [...family].sort((a, b) => p(a) / rules[a]!.weight - p(b) / rules[b]!.weight);
  const result: AdjustedRule[] = rules.map(() => ({ tested: false, level: 0, adjustedP: 1, fails: false }));
  let remaining = total;
  let running = 0;
  for (const i of order) {
    const w = rules[i]!.weight;
    running = Math.max(running, Math.min(1, (p(i) / w) * remaining));
    result[i] = { tested: true, level: (alpha * w) / total, adjustedP: running, fails: running < alpha };
    remaining -= w;
  }
  return result;
}
