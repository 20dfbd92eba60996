import { UserError } from '../errors.ts';
import { readJsonl } from './jsonl.ts';
import { PredictionSchema } from './schema.ts';

export interface RecordedPrediction {
  prediction: string;
  line: number;
}

/** Reads a predictions file (`{"id", "prediction"}` per line) into a map by case id. */
export function readPredictions(file: string): Map<string, RecordedPrediction> {
  const { lines } = readJsonl(file);
  const byId = new Map<string, RecordedPrediction>();
  for (const { line, value } of lines) {
    const result = PredictionSchema.safeParse(value);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      const field = String(issue.path[0] ?? '');
      const missing = (value as Record<string, unknown>)[field] === undefined;
      throw new UserError(missing ? `missing field "${field}"` : `field "${field}": ${issue.message}`, file, line);
    }
    const first = byId.get(result.data.id);
    if (first) throw new UserError(`duplicate prediction for id "${result.data.id}" (first on line ${first.line})`, file, line);
    byId.set(result.data.id, { prediction: result.data.prediction, line });
  }
  return byId;
}
