import * as z from 'zod';
import { OUTCOMES } from '../core/outcome.ts';
import { DatasetInfoSchema, IntervalSchema, UsageSchema, VariantResultSchema } from './schema.ts';

/**
 * The apply report (`labelgate apply --out`): one variant over a whole corpus, its label
 * distribution and every case's prediction, so a later `apply --compare` can measure drift and count
 * the cases that changed label. Versioned like the eval report; `kind` tells the two apart.
 */
export const APPLY_SCHEMA_VERSION = 1;
export const APPLY_KIND = 'labelgate-apply';

export const ShareRowSchema = z.object({
  /** A label of the variant, `invalid` or `error`. */
  label: z.string(),
  count: z.number().int().nonnegative(),
  /** count / total. */
  share: z.number().min(0).max(1),
  /** Wilson 95% interval of the share. */
  ci: IntervalSchema,
});
export type ShareRow = z.infer<typeof ShareRowSchema>;

export const DistributionSchema = z.object({
  total: z.number().int().nonnegative(),
  /** The variant's labels in its order, then `invalid` and `error`: every category, zeros included. */
  rows: z.array(ShareRowSchema),
});
export type Distribution = z.infer<typeof DistributionSchema>;

export const ApplyCaseSchema = z.object({
  id: z.string(),
  /** A label of the variant, `invalid` or `error`. */
  prediction: z.string(),
  /** Why the prediction is `invalid` or `error`. */
  reason: z.string().optional(),
});
export type ApplyCase = z.infer<typeof ApplyCaseSchema>;

/** What was classified: the corpus file, its content hash, how many cases (of a shard, when `shard` is set). */
export const CorpusInfoSchema = DatasetInfoSchema.pick({ path: true, hash: true, size: true, totalSize: true, mapping: true, shard: true });
export type CorpusInfo = z.infer<typeof CorpusInfoSchema>;

/** What classified it: the variant (name, version, content hash, labels) and the backend. */
export const ApplyVariantSchema = VariantResultSchema.pick({
  name: true,
  version: true,
  hash: true,
  task: true,
  path: true,
  changelog: true,
  labels: true,
  backend: true,
  model: true,
  classifier: true,
});
export type ApplyVariant = z.infer<typeof ApplyVariantSchema>;

export const ApplyReportSchema = z
  .object({
    schemaVersion: z.literal(APPLY_SCHEMA_VERSION),
    kind: z.literal(APPLY_KIND),
    tool: z.object({ name: z.literal('labelgate'), version: z.string() }),
    createdAt: z.string(),
    corpus: CorpusInfoSchema,
    variant: ApplyVariantSchema,
    distribution: DistributionSchema,
    usage: UsageSchema,
    /** Every case's prediction, in corpus order. */
    cases: z.array(ApplyCaseSchema),
  })
  .superRefine((r, ctx) => {
    // The counts are derived from the cases; a report whose two disagree was edited or is corrupt.
    const categories = [...r.variant.labels, ...OUTCOMES];
    const counts = new Map(categories.map((c) => [c, 0]));
    const seen = new Set<string>();
    for (const [i, c] of r.cases.entries()) {
      const n = counts.get(c.prediction);
      if (n === undefined) {
        ctx.addIssue({ code: 'custom', path: ['cases', i, 'prediction'], message: `"${c.prediction}" is neither a label of the variant nor ${OUTCOMES.join('/')}` });
        return;
      }
      if (seen.has(c.id)) {
        ctx.addIssue({ code: 'custom', path: ['cases', i, 'id'], message: `duplicate case id "${c.id}"` });
        return;
      }
      seen.add(c.id);
      counts.set(c.prediction, n + 1);
    }
    const stored = r.distribution.rows.map((row) => `${row.label}=${row.count}`).join(', ');
    const derived = categories.map((c) => `${c}=${counts.get(c)}`).join(', ');
    if (stored !== derived || r.distribution.total !== r.cases.length) {
      ctx.addIssue({ code: 'custom', path: ['distribution'], message: `the counts (${stored}) do not match the cases (${derived})` });
    }
  });
export type ApplyReport = z.infer<typeof ApplyReportSchema>;
