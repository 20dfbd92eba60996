import * as z from 'zod';

/**
 * Bumped when the report's shape changes incompatibly. Reports of an older version are migrated on
 * read (report/migrate.ts); version 1 is the first, so there is nothing to migrate yet.
 */
export const SCHEMA_VERSION = 1;

export const TokenUsageSchema = z.object({
  prompt: z.number().int().nonnegative(),
  completion: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  cached: z.number().int().nonnegative().optional(),
});
export type TokenUsage = z.infer<typeof TokenUsageSchema>;

export const CaseRowSchema = z.object({
  id: z.string(),
  /** The gold label, or null for an unlabeled case. */
  gold: z.string().nullable(),
  /** A label of the variant, `invalid` or `error`. */
  prediction: z.string(),
  raw: z.string().optional(),
  /** Why the prediction is `invalid` or `error`. */
  reason: z.string().optional(),
  latencyMs: z.number().nonnegative().optional(),
  tokens: TokenUsageSchema.optional(),
  /** What this case cost, when the backend reported it. */
  costUsd: z.number().nonnegative().optional(),
  /** A short excerpt of the query, so diffs can show what a case was about. */
  query: z.string().optional(),
  /**
   * Under `eval --repeat k`: the prediction of each run, in run order (`runs[0]` is `prediction`).
   * `tokens` and `costUsd` then add up all k runs; `latencyMs`, `raw` and `reason` are the first run's.
   */
  runs: z.array(z.string()).min(2).optional(),
  /** Under `--repeat`: the share of runs that gave the case's most frequent answer (1 when all agree). */
  agreement: z.number().min(0).max(1).optional(),
});
export type CaseRow = z.infer<typeof CaseRowSchema>;

export const IntervalSchema = z.object({ low: z.number(), high: z.number() });
export type Interval = z.infer<typeof IntervalSchema>;

export const PerLabelSchema = z.object({
  precision: z.number(),
  recall: z.number(),
  f1: z.number(),
  support: z.number().int().nonnegative(),
  /** Number of cases predicted as this label. */
  predicted: z.number().int().nonnegative(),
  recallCI: IntervalSchema,
  /** Set when a ratio was 0/0 and reported as 0 (scikit-learn's `zero_division=0`). */
  undefinedMetrics: z.array(z.enum(['precision', 'recall', 'f1'])).optional(),
});
export type PerLabel = z.infer<typeof PerLabelSchema>;

export const MetricsSchema = z.object({
  /** Cases with a gold label: the denominator of every metric. */
  labeled: z.number().int().nonnegative(),
  correct: z.number().int().nonnegative(),
  accuracy: z.number(),
  accuracyCI: IntervalSchema,
  macroF1: z.number(),
  macroF1CI: IntervalSchema.extend({ seed: z.number().int(), resamples: z.number().int() }),
  weightedF1: z.number(),
  kappa: z.number(),
  /** Labeled cases predicted `invalid` / `error` (the matrix's extra columns). */
  invalid: z.number().int().nonnegative(),
  error: z.number().int().nonnegative(),
  perLabel: z.record(z.string(), PerLabelSchema),
  confusion: z.object({
    /** Row labels (gold), in the variant's declared order. */
    labels: z.array(z.string()),
    /** Column labels (predicted): `labels`, then `invalid` and `error` when they occur. */
    columns: z.array(z.string()),
    matrix: z.array(z.array(z.number().int().nonnegative())),
  }),
  /** Set when one of these was 0/0 (no labeled cases; kappa when every gold and predicted label is the same one) and reported as 0. */
  undefinedMetrics: z.array(z.enum(['accuracy', 'weightedF1', 'kappa'])).optional(),
});
export type Metrics = z.infer<typeof MetricsSchema>;

const SpreadSchema = z.object({ mean: z.number(), min: z.number(), max: z.number() });

/** One run's headline metrics under `--repeat` (the full metrics of run 1 are the variant's `metrics`). */
export const RunMetricsSchema = z.object({
  correct: z.number().int().nonnegative(),
  accuracy: z.number(),
  macroF1: z.number(),
  kappa: z.number(),
  invalid: z.number().int().nonnegative(),
  error: z.number().int().nonnegative(),
});
export type RunMetrics = z.infer<typeof RunMetricsSchema>;

/**
 * What `eval --repeat k` measured about the classifier's nondeterminism, recomputed from the rows'
 * `runs` whenever a variant's section is built (so `merge` keeps it right). The variant's `metrics`
 * and rows' `prediction` stay the first run's, exactly what a run without `--repeat` gives, so the
 * gate and the diff read a repeated report as they read any other.
 */
export const RepeatsSchema = z.object({
  /** Runs per case (k). */
  runs: z.number().int().min(2),
  /** Each run's metrics, in run order. */
  perRun: z.array(RunMetricsSchema),
  accuracy: SpreadSchema,
  macroF1: SpreadSchema,
  /**
   * Metrics of the majority vote: each case's most frequent answer over its runs. A tie goes to a
   * label of the variant before `invalid` before `error`, then to the answer of the earliest run.
   */
  majority: MetricsSchema,
  /** Mean over cases of the share of runs that agree with the case's most frequent answer. */
  meanAgreement: z.number(),
  /** Cases whose runs did not all give the same answer, in the rows' order. */
  flaky: z.array(
    z.object({
      id: z.string(),
      gold: z.string().nullable(),
      /** Answer → runs that gave it. */
      distribution: z.record(z.string(), z.number().int().positive()),
      majority: z.string(),
      agreement: z.number(),
    }),
  ),
  /**
   * The gate's flip rate f, measured: over labeled cases, the chance that two different runs of the
   * same case differ in correctness (right vs wrong; `invalid` and `error` are wrong), i.e. the mean
   * over cases of 2·c·(k − c) / (k·(k − 1)) with c of k runs right. Unbiased for the share of cases
   * that flip between two runs of an unchanged classifier. Absent when no case is labeled.
   */
  flipRate: z.number().min(0).max(1).optional(),
  /** The same over every case for the answer itself: 1 − Σ n_a·(n_a − 1) / (k·(k − 1)), n_a runs answering a. */
  answerFlipRate: z.number().min(0).max(1),
});
export type Repeats = z.infer<typeof RepeatsSchema>;

/** A model's price in USD per 1M tokens (`prices` in labelgate.config.yaml). */
export const PriceSchema = z.strictObject({
  input: z.number().nonnegative(),
  output: z.number().nonnegative(),
  /** Prompt tokens the provider served from its prompt cache; `input` when not given. */
  cachedInput: z.number().nonnegative().optional(),
});
export type Price = z.infer<typeof PriceSchema>;

export const UsageSchema = z.object({
  tokens: TokenUsageSchema,
  /** What the variant's answers cost: each case's reported cost, else its tokens at `price`. Absent when unknown or not billed. */
  costUsd: z.number().nonnegative().optional(),
  /** `costUsd` per 1,000 classified cases (a case run k times under `--repeat` counts k times). */
  costPer1kCases: z.number().nonnegative().optional(),
  /** The price the tokens were charged at, from `prices` for the variant's model. */
  price: PriceSchema.optional(),
  /** Why a billed variant's cost is unknown (no price for its model, answers without token counts): never reported as 0. */
  costUnknown: z.string().optional(),
  latencyMs: z.object({ mean: z.number(), p50: z.number(), p95: z.number(), max: z.number() }).optional(),
});
export type Usage = z.infer<typeof UsageSchema>;

/**
 * What classified the cases besides the prompt: the team's own code (`module`: the file and export,
 * with a hash of the file and the local files it imports) or a promptfoo provider (`promptfoo`: its id,
 * with a hash of its non-secret config). A changed hash is a changed classifier, as a changed prompt hash is.
 */
export const ClassifierInfoSchema = z.object({
  kind: z.string(),
  /** `src/router.ts#classify` or a promptfoo provider id. */
  ref: z.string(),
  hash: z.string(),
});
export type ClassifierInfo = z.infer<typeof ClassifierInfoSchema>;

export const VariantResultSchema = z.object({
  name: z.string(),
  version: z.string(),
  hash: z.string(),
  task: z.string().optional(),
  path: z.string().optional(),
  changelog: z.string().optional(),
  labels: z.array(z.string()),
  backend: z.string(),
  model: z.string().optional(),
  classifier: ClassifierInfoSchema.optional(),
  metrics: MetricsSchema,
  usage: UsageSchema,
  /** Set by `eval --repeat k` (k ≥ 2). */
  repeats: RepeatsSchema.optional(),
  cases: z.array(CaseRowSchema),
});
export type VariantResult = z.infer<typeof VariantResultSchema>;

export const DatasetInfoSchema = z.object({
  path: z.string(),
  hash: z.string(),
  /** Cases evaluated (after the split). */
  size: z.number().int().nonnegative(),
  /** Cases in the whole file. */
  totalSize: z.number().int().nonnegative().optional(),
  labels: z.array(z.string()),
  split: z.enum(['validation', 'test', 'all']).default('all'),
  mapping: z.record(z.string(), z.string()).optional(),
  /**
   * Set when only one part of the split was evaluated (`eval --shard index/count`); `merge` joins the
   * parts. `positions[k]` is the place, among the split's cases, of the case in every variant's row k,
   * so the joined rows come back in the order an unsharded run gives them.
   */
  shard: z
    .object({
      index: z.number().int().positive(),
      count: z.number().int().positive(),
      positions: z.array(z.number().int().nonnegative()),
    })
    .optional(),
});
export type DatasetInfo = z.infer<typeof DatasetInfoSchema>;

export const ReportSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  tool: z.object({ name: z.literal('labelgate'), version: z.string() }),
  createdAt: z.string(),
  dataset: DatasetInfoSchema,
  variants: z.array(VariantResultSchema),
  /** Prediction ids that match no dataset case (from `score` and `replay`): reported, never ignored silently. */
  unknownPredictionIds: z.array(z.string()).optional(),
});
export type Report = z.infer<typeof ReportSchema>;
