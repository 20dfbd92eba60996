import { z } from 'zod';
import { firstIssue, UserError } from '../core/errors.ts';
import { fieldError, readJsonl } from './jsonl.ts';

const Id = z.union([z.string().min(1), z.number()]).transform(String);

/** What one variant answered for a case: a label, or `invalid` / `error` with why. */
export const OpinionSchema = z.object({
  variant: z.string().min(1),
  label: z.string().min(1),
  reason: z.string().optional(),
});

/** The label a weak-label run proposes, and which variant (name@version) on which backend proposed it. */
export const ProposalSchema = z.object({
  label: z.string().min(1),
  by: z.string().min(1),
  backend: z.string().min(1),
});

/**
 * One line of a weak-label file (`labelgate label` writes it, `labelgate review` reads it): the case,
 * the proposal (null when no variant gave a label), every variant's opinion, and whether they agreed.
 */
export const WeakCaseSchema = z.object({
  id: Id,
  query: z.string().min(1),
  document: z.string().nullish().transform((d) => d ?? undefined),
  metadata: z.record(z.string(), z.unknown()).optional(),
  proposal: ProposalSchema.nullable(),
  opinions: z.array(OpinionSchema),
  agreed: z.boolean(),
});

export type Proposal = z.infer<typeof ProposalSchema>;
export type Opinion = z.infer<typeof OpinionSchema>;
export interface WeakCase extends z.infer<typeof WeakCaseSchema> {
  /** 1-based line in the file, for error messages. */
  line: number;
}

/** Loads and validates a weak-label file; every problem names the file and line. */
export function loadWeakLabels(file: string): WeakCase[] {
  const { lines } = readJsonl(file);
  const cases: WeakCase[] = [];
  const seen = new Map<string, number>();
  for (const { line, value } of lines) {
    const result = WeakCaseSchema.safeParse(value);
    if (!result.success) {
      const issue = firstIssue(result.error);
      if (issue.path.length > 1) throw new UserError(`field "${issue.path.join('.')}": ${issue.message}`, file, line);
      throw fieldError(file, line, value, issue.path[0] ?? '', issue.message);
    }
    const first = seen.get(result.data.id);
    if (first !== undefined) throw new UserError(`duplicate id "${result.data.id}" (first on line ${first})`, file, line);
    seen.set(result.data.id, line);
    cases.push({ ...result.data, line });
  }
  return cases;
}
