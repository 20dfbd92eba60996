import type { EvaluateResult, ProviderResponse } from 'promptfoo';

/**
 * The answers labelgate's provider gives during a bare `npx promptfoo eval`, kept for the report the
 * extension hook writes when promptfoo's results do not reach it (`--no-write`: `afterAll` then
 * receives none). Collecting them in an `afterEach` hook costs promptfoo an import of the hook's
 * file per result (a round trip to tsx's module-hooks thread for a TypeScript file); the provider
 * has every field the rows need as it answers.
 *
 * Collection is open from the hook's `beforeAll` to its `afterAll` only, so the provider keeps
 * nothing when no hook runs (labelgate's own runs, promptfoo's Node API without the hook).
 */
interface Answer {
  prompt: string | undefined;
  result: EvaluateResult;
}

let answers: Answer[] | undefined;

/** Starts collecting (the hook's `beforeAll`); answers of an earlier evaluation are dropped. */
export function openAnswers(): void {
  answers = [];
}

/**
 * Records one answer while collection is open: the fields `rowsFromResults` reads of a result
 * (`resultForRows`), the run under promptfoo's `repeat`, and the prompt's label, which `takeAnswers`
 * turns into promptfoo's prompt index.
 */
export function recordAnswer(promptLabel: string | undefined, vars: Record<string, unknown>, response: ProviderResponse, repeat = 0): void {
  if (!answers) return;
  // The run is read from the metadata (promptfoo's test index, the other source, is not known here).
  const metadata = { ...response.metadata, repeat };
  const result = {
    promptIdx: -1,
    testIdx: -1,
    vars,
    latencyMs: response.latencyMs ?? 0,
    ...(response.error !== undefined && { failureReason: 2, error: response.error }),
    response: {
      output: response.output,
      ...(response.error !== undefined && { error: response.error }),
      metadata,
      ...(response.tokenUsage !== undefined && { tokenUsage: response.tokenUsage }),
      ...(response.cost !== undefined && { cost: response.cost }),
    },
  } as unknown as EvaluateResult;
  answers.push({ prompt: promptLabel, result });
}

/**
 * The answers as promptfoo's results, each with the index of the first prompt that has its label
 * (an answer under a label no prompt has is left out: its case then reads as unanswered); collection
 * ends.
 */
export function takeAnswers(promptLabels: readonly (string | undefined)[]): EvaluateResult[] {
  const taken = answers ?? [];
  answers = undefined;
  const index = new Map<string | undefined, number>();
  promptLabels.forEach((label, i) => {
    if (!index.has(label)) index.set(label, i);
  });
  const results: EvaluateResult[] = [];
  for (const a of taken) {
    const promptIdx = index.get(a.prompt);
    if (promptIdx !== undefined) results.push({ ...a.result, promptIdx });
  }
  return results;
}
