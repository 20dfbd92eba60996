import * as z from 'zod';
import { RESERVED_LABELS } from '../core/outcome.ts';

export const LabelName = z
  .string()
  .regex(/^[a-z][a-z0-9_-]*$/, 'a label name is lower-case letters, digits, "_" or "-", starting with a letter')
  .refine((s) => !RESERVED_LABELS.includes(s), 'is reserved for predictions that are not labels');

export const LabelSchema = z.strictObject({
  name: LabelName,
  description: z.string().min(1),
  examples: z
    .strictObject({
      positive: z.array(z.string().min(1)).default([]),
      negative: z.array(z.string().min(1)).default([]),
    })
    .default({ positive: [], negative: [] }),
});
export type Label = z.infer<typeof LabelSchema>;

/** A prompt variant as the user writes it in `prompts/<task>/<variant>.yaml`. */
export const VariantFileSchema = z
  .strictObject({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a variant name is letters, digits, ".", "_" or "-"'),
    version: z.union([z.string(), z.number()]).transform(String).pipe(z.string().regex(/^\d+(\.\d+){0,2}$/, 'a version is like 1, 1.2 or 1.2.3')),
    changelog: z.string().min(1).refine((s) => !s.trim().includes('\n'), 'the changelog is one line'),
    system: z.string().min(1),
    labels: z.array(LabelSchema).min(2, 'a classifier needs at least two labels'),
    /** The label for "none of the specific ones"; defaults to the last label. */
    fallback: LabelName.optional(),
    template: z.string().refine((s) => s.includes('{{query}}'), 'the template must contain {{query}}'),
  })
  .superRefine((v, ctx) => {
    const seen = new Set<string>();
    v.labels.forEach((l, i) => {
      if (seen.has(l.name)) ctx.addIssue({ code: 'custom', path: ['labels', i, 'name'], message: `duplicate label "${l.name}"` });
      seen.add(l.name);
    });
    if (v.fallback !== undefined && !seen.has(v.fallback)) {
      ctx.addIssue({ code: 'custom', path: ['fallback'], message: `"${v.fallback}" is not one of the labels` });
    }
    const unknown = [...v.template.matchAll(/\{\{\s*([^}\s]+)\s*\}\}/g)].map((m) => m[1]).filter((n) => n !== 'query' && n !== 'document');
    if (unknown.length > 0) ctx.addIssue({ code: 'custom', path: ['template'], message: `unknown placeholder {{${unknown[0]}}} (use {{query}} and {{document}})` });
  });
export type VariantFile = z.infer<typeof VariantFileSchema>;

/** A loaded variant: the file's content plus where it came from and its content hash. */
export interface Variant extends VariantFile {
  task: string;
  path: string;
  /** sha256 of the file's normalised content, first 16 hex digits. */
  hash: string;
  fallback: string;
}

export const labelNames = (v: Pick<VariantFile, 'labels'>): string[] => v.labels.map((l) => l.name);
export const variantId = (v: Pick<Variant, 'name' | 'version'>): string => `${v.name}@${v.version}`;
