import { ERROR, INVALID } from '../core/outcome.ts';
import type { CaseRow, Repeats, RunMetrics, TokenUsage } from '../report/schema.ts';
import { computeMetrics, type MetricsOptions } from './index.ts';

/**
 * Repeated runs of the same cases (`eval --repeat k`): one row per case carrying every run's answer,
 * and what they say about the classifier's nondeterminism. Pure.
 */

/**
 * The rows of k runs as one row per case: the first run's row, with every run's prediction in
 * `runs`, the case's `agreement`, and the tokens and cost of all runs added up. `runs[r][i]` is case
 * i of run r; every run holds the same cases in the same order.
 */
export function combineRuns(runs: readonly (readonly CaseRow[])[]): CaseRow[] {
  const [first, ...rest] = runs;
  if (first === undefined) return [];
  if (rest.length === 0) return [...first];
  for (const run of rest) {
    if (run.length !== first.length || run.some((row, i) => row.id !== first[i]!.id)) throw new Error('combineRuns: runs hold different cases');
  }
  return first.map((row, i) => {
    const all = runs.map((run) => run[i]!);
    const predictions = all.map((r) => r.prediction);
    const tokens = sumTokens(all);
    const costs = all.flatMap((r) => (r.costUsd === undefined ? [] : [r.costUsd]));
    return {
      ...row,
      ...(tokens && { tokens }),
      ...(costs.length > 0 && { costUsd: costs.reduce((a, b) => a + b, 0) }),
      runs: predictions,
      agreement: agreement(predictions),
    };
  });
}

function sumTokens(rows: readonly CaseRow[]): TokenUsage | undefined {
  const counted = rows.flatMap((r) => (r.tokens ? [r.tokens] : []));
  if (counted.length === 0) return undefined;
  const cached = counted.some((t) => t.cached !== undefined) ? counted.reduce((a, t) => a + (t.cached ?? 0), 0) : undefined;
  return {
    prompt: counted.reduce((a, t) => a + t.prompt, 0),
    completion: counted.reduce((a, t) => a + t.completion, 0),
    total: counted.reduce((a, t) => a + t.total, 0),
    ...(cached !== undefined && { cached }),
  };
}

/** Answer → how many runs gave it, in order of first appearance. */
export function distribution(predictions: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const p of predictions) counts[p] = (counts[p] ?? 0) + 1;
  return counts;
}

/** The share of runs that gave the most frequent answer. */
export function agreement(predictions: readonly string[]): number {
  if (predictions.length === 0) return 1;
  return Math.max(...Object.values(distribution(predictions))) / predictions.length;
}

/** Ties: a label before `invalid` before `error` (a model's answer beats a missing one), then the earliest run. */
const tieRank = (answer: string): number => (answer === ERROR ? 2 : answer === INVALID ? 1 : 0);

/**
 * The case's most frequent answer over its runs. A tie goes to a label of the variant before
 * `invalid` before `error`, then to the answer the earliest run gave, so the vote is deterministic.
 */
export function majorityVote(predictions: readonly string[]): string {
  const counts = distribution(predictions);
  let best: string | undefined;
  // Object keys keep first-appearance order, so the first of equals is the earliest run's.
  for (const [answer, n] of Object.entries(counts)) {
    if (best === undefined || n > counts[best]! || (n === counts[best]! && tieRank(answer) < tieRank(best))) best = answer;
  }
  return best ?? ERROR;
}

/**
 * Of all pairs of distinct runs of one case, the share whose correctness differs: 2·c·(k − c) /
 * (k·(k − 1)) with c of k runs right. Its mean over cases estimates, without bias, the share of cases
 * whose correctness flips between two runs: the gate's flip rate f.
 */
export function correctnessFlipShare(predictions: readonly string[], gold: string): number {
  const k = predictions.length;
  if (k < 2) return 0;
  const right = predictions.filter((p) => p === gold).length;
  return (2 * right * (k - right)) / (k * (k - 1));
}

/** Of all pairs of distinct runs of one case, the share that gave different answers: 1 − Σ n_a·(n_a − 1) / (k·(k − 1)). */
export function answerFlipShare(predictions: readonly string[]): number {
  const k = predictions.length;
  if (k < 2) return 0;
  const same = Object.values(distribution(predictions)).reduce((a, n) => a + n * (n - 1), 0);
  return 1 - same / (k * (k - 1));
}

const spread = (xs: readonly number[]) => ({ mean: xs.reduce((a, b) => a + b, 0) / xs.length, min: Math.min(...xs), max: Math.max(...xs) });

/**
 * The report's `repeats` section from rows that carry `runs` (all of the same length k ≥ 2):
 * per-run and majority-vote metrics, agreement, flaky cases and flip rates. Undefined when the rows
 * were not repeated.
 */
export function summarizeRepeats(rows: readonly CaseRow[], labels: readonly string[], options: MetricsOptions = {}): Repeats | undefined {
  const k = rows[0]?.runs?.length;
  if (k === undefined) return undefined;
  if (rows.some((r) => r.runs?.length !== k)) throw new Error(`summarizeRepeats: every row needs ${k} runs`);
  const runsOf = (r: CaseRow) => r.runs!;
  const asPredicted = (pick: (r: CaseRow) => string) => rows.map((r) => ({ ...r, prediction: pick(r) }));
  const perRun: RunMetrics[] = Array.from({ length: k }, (_, run) => {
    const m = computeMetrics(asPredicted((r) => runsOf(r)[run]!), labels, options);
    return { correct: m.correct, accuracy: m.accuracy, macroF1: m.macroF1, kappa: m.kappa, invalid: m.invalid, error: m.error };
  });
  const flaky: Repeats['flaky'] = [];
  let agreementSum = 0;
  let answerFlips = 0;
  let correctnessFlips = 0;
  let labeled = 0;
  for (const r of rows) {
    const runs = runsOf(r);
    const share = agreement(runs);
    agreementSum += share;
    answerFlips += answerFlipShare(runs);
    if (r.gold !== null) {
      labeled += 1;
      correctnessFlips += correctnessFlipShare(runs, r.gold);
    }
    if (share < 1) flaky.push({ id: r.id, gold: r.gold, distribution: distribution(runs), majority: majorityVote(runs), agreement: share });
  }
  const n = rows.length;
  return {
    runs: k,
    perRun,
    accuracy: spread(perRun.map((m) => m.accuracy)),
    macroF1: spread(perRun.map((m) => m.macroF1)),
    majority: computeMetrics(asPredicted((r) => majorityVote(runsOf(r))), labels, options),
    meanAgreement: n === 0 ? 1 : agreementSum / n,
    flaky,
    ...(labeled > 0 && { flipRate: correctnessFlips / labeled }),
    answerFlipRate: n === 0 ? 0 : answerFlips / n,
  };
}
