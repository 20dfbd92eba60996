import * as z from 'zod';

const Id = z.union([z.string().min(1), z.number()]).transform(String);

/** One line of a dataset after field mapping. */
export const CaseSchema = z.object({
  id: Id,
  query: z.string().min(1),
  document: z.string().nullish().transform((d) => d ?? undefined),
  label: z.string().min(1).nullish().transform((l) => l ?? undefined),
  metadata: z.record(z.string(), z.unknown()).optional(),
});

export interface Case extends z.infer<typeof CaseSchema> {
  /** 1-based line in the file, for error messages. */
  line: number;
}

export const FIELDS = ['id', 'query', 'document', 'label', 'metadata'] as const;
export type Field = (typeof FIELDS)[number];
/** Dataset field → the name it has in the user's file. */
export type FieldMap = Partial<Record<Field, string>>;

/** One line of a predictions file: `{"id", "prediction"}`. */
export const PredictionSchema = z.object({ id: Id, prediction: z.string() });
