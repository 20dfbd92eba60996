import * as z from 'zod';
import { firstIssue, UserError } from '../core/errors.ts';
import { contentHash } from '../core/hash.ts';
import { isOutcome } from '../core/outcome.ts';
import { jsonText } from '../core/text.ts';
import { readJsonl } from './jsonl.ts';

/**
 * Weak labels (`labelgate label --out WEAK.jsonl`, read by `labelgate review`): one JSON line per
 * case of the unlabeled input, in its order, with the label a first classifier proposes, which
 * variant and backend proposed it, every variant's opinion, and whether they all agreed.
 *
 * ```json
 * {"id":"c1","query":"…","document":"…","metadata":{},"proposal":{"label":"billing","by":"v3@1.2.0","backend":"offline"},
 *  "opinions":[{"variant":"v1@1.0.0","label":"bug"},{"variant":"v3@1.2.0","label":"billing"}],"agreed":false}
 * ```
 */

/** One variant's answer for a case: a label, or `invalid` / `error` with the reason (never dropped). */
export const OpinionSchema = z.object({
  /** `name@version`. */
  variant: z.string().min(1),
  /** A label of the variant, `invalid` or `error`. */
  label: z.string().min(1),
  /** Why the answer is `invalid` or `error`. */
  reason: z.string().optional(),
});
export type Opinion = z.infer<typeof OpinionSchema>;

/** The label proposed for review and where it came from. */
export const ProposalSchema = z.object({
  label: z.string().min(1),
  /** The variant that proposed it, `name@version`. */
  by: z.string().min(1),
  backend: z.string().min(1),
  model: z.string().optional(),
});
export type Proposal = z.infer<typeof ProposalSchema>;

export const WeakLineSchema = z
  .object({
    id: z.string().min(1),
    query: z.string().min(1),
    document: z.string().optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
    /** `null` when no variant gave a valid label. */
    proposal: ProposalSchema.nullable(),
    /** Every variant's answer, in the order the variants were given. */
    opinions: z.array(OpinionSchema).min(1),
    /** Every variant gave the same valid label. */
    agreed: z.boolean(),
  })
  .superRefine((line, ctx) => {
    const expected = decide(line.opinions);
    if (line.agreed !== expected.agreed) {
      ctx.addIssue({ code: 'custom', path: ['agreed'], message: `is ${line.agreed}, but the opinions ${expected.agreed ? 'all agree' : 'do not all agree on a valid label'}` });
    }
    if (line.proposal === null) {
      if (expected.proposal) ctx.addIssue({ code: 'custom', path: ['proposal'], message: `is null, but ${expected.proposal.variant} gave the valid label "${expected.proposal.label}"` });
      return;
    }
    const { label, by } = line.proposal;
    if (isOutcome(label)) ctx.addIssue({ code: 'custom', path: ['proposal', 'label'], message: `"${label}" is not a label that can be proposed` });
    else if (!line.opinions.some((o) => o.variant === by && o.label === label)) {
      ctx.addIssue({ code: 'custom', path: ['proposal', 'by'], message: `no opinion of "${by}" gives "${label}"` });
    }
  });
export type WeakLine = z.infer<typeof WeakLineSchema>;

/**
 * Which opinion is proposed and whether all agree: the first opinion with a valid label (so the
 * first variant's, unless it answered `invalid` or `error`), and agreement when every variant gave
 * that same valid label. Opinions are in the order the variants were given.
 */
export function decide(opinions: readonly Opinion[]): { proposal: Opinion | undefined; agreed: boolean } {
  const proposal = opinions.find((o) => !isOutcome(o.label));
  const agreed = proposal !== undefined && opinions.every((o) => o.label === proposal.label);
  return { proposal, agreed };
}

export interface WeakLabels {
  path: string;
  /** sha256 of the file's bytes, first 16 hex digits. */
  hash: string;
  lines: (WeakLine & { line: number })[];
}

/** Reads and validates a weak-labels file; every problem is `file:line: what is wrong`. */
export function loadWeakLabels(file: string): WeakLabels {
  const { lines: rows, text } = readJsonl(file);
  const seen = new Map<string, number>();
  const lines = rows.map(({ line, value }) => {
    const result = WeakLineSchema.safeParse(value);
    if (!result.success) {
      const issue = firstIssue(result.error);
      const field = issue.path.join('.');
      throw new UserError(issue.missing ? `missing field "${field}"` : `${field === '' ? '' : `field "${field}": `}${issue.message}`, file, line);
    }
    const first = seen.get(result.data.id);
    if (first !== undefined) throw new UserError(`duplicate id "${result.data.id}" (first on line ${first})`, file, line);
    seen.set(result.data.id, line);
    return { ...result.data, line };
  });
  return { path: file, hash: contentHash(text), lines };
}

/** One weak line as written: keys in the documented order, no line number, controls escaped so printing the file cannot drive a terminal. */
export function weakLineJson(line: WeakLine): string {
  const { id, query, document, metadata, proposal, opinions, agreed } = line;
  return jsonText({ id, query, ...(document !== undefined && { document }), ...(metadata !== undefined && { metadata }), proposal, opinions, agreed }, 0);
}

/** One case of a weak-labels file, with its line. */
export type WeakCase = WeakLabels['lines'][number];
