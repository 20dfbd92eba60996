import { firstIssue, UserError } from '../core/errors.ts';
import { fieldError, readJsonl } from './jsonl.ts';
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
      const issue = firstIssue(result.error);
      throw fieldError(file, line, value, issue.path[0] ?? '', issue.message);
    }
    const first = byId.get(result.data.id);
    if (first) throw new UserError(`duplicate prediction for id "${result.data.id}" (first on line ${first.line})`, file, line);
    byId.set(result.data.id, { prediction: result.data.prediction, line });
  }
  return byId;
}
