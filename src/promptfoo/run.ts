import type { EvaluateResult, Prompt } from 'promptfoo';
import type { Classifier } from '../classifier/types.ts';
import type { Case } from '../dataset/schema.ts';
import type { CaseRow } from '../report/schema.ts';
import { labelNames, variantId, type Variant } from '../variant/schema.ts';
import { applyPromptfooEnv } from '../core/promptfoo-env.ts';
import { LabelgateProvider } from './provider.ts';
import { rowsFromRepeatedResults } from './repeat-rows.ts';
import { classifierCase, positionTest } from './tests.ts';

export interface PromptfooRun {
  variants: Variant[];
  cases: Case[];
  classifier: Classifier;
  concurrency: number;
  /** Runs per case (`--repeat k`); each row then carries every run's answer. Default 1. */
  repeat?: number;
  signal?: AbortSignal;
  /** Cases per call of promptfoo's `evaluate` (default CASES_PER_PART). */
  casesPerPart?: number;
}

/**
 * The variant as a promptfoo prompt, for labelgate's own runs: shown as `name@version`, rendered as
 * an empty message list. The provider builds the classifier's messages from the variant and the case
 * itself, and these runs are not written to promptfoo's database, so nothing reads the rendered
 * prompt. An empty JSON list leaves promptfoo's templating nothing to do; the messages, or any plain
 * text, would be rendered as templates for every case (with promptfoo's own string vars) and kept in
 * every result.
 */
export function variantPrompt(v: Variant): Prompt {
  return { raw: v.path, label: variantId(v), config: { variant: v.path }, function: async () => '[]' } as Prompt;
}

/**
 * Cases per call of promptfoo's `evaluate`: an evaluation keeps every result it produced until it
 * returns, so a large run goes through in parts, each turned into rows and let go, and memory stays
 * that of one part plus the rows.
 */
export const CASES_PER_PART = 2_000;

/**
 * Evaluates every variant on every case through promptfoo's Node API, in-process, without writing
 * promptfoo's database (and so without extension hooks, whose results would come back empty), in
 * parts of `casesPerPart` cases. Rows come back per variant, in the cases' order.
 */
export async function runPromptfoo(run: PromptfooRun, casesPerPart = run.casesPerPart ?? CASES_PER_PART): Promise<CaseRow[][]> {
  applyPromptfooEnv();
  // labelgate prints its own progress and summary; promptfoo's info lines would interleave with them.
  process.env.LOG_LEVEL ??= 'warn';
  const { default: promptfoo } = await import('promptfoo');
  const labelsByPrompt = run.variants.map(labelNames);
  const rows: CaseRow[][] = run.variants.map(() => []);
  // The first part is one case: promptfoo hands the provider its logger on the first call, and
  // from then on the debug messages nothing records are skipped (quietDebugLogging), including
  // those promptfoo writes for every test while it prepares a part.
  for (let start = 0, size = 1; start < run.cases.length; start += size, size = casesPerPart) {
    run.signal?.throwIfAborted();
    const cases = run.cases.slice(start, start + size);
    const provider = new LabelgateProvider({ classifier: run.classifier, variants: run.variants, cases: cases.map(classifierCase), config: { backend: run.classifier.backend } });
    const ev = await promptfoo.evaluate(
      // labelgate computes every metric from the rows: no assertion, no named scores, no derived metrics.
      { prompts: run.variants.map(variantPrompt), providers: [provider], tests: cases.map((_, i) => positionTest(i)), writeLatestResults: false },
      {
        // The classifier's own limiter decides how many requests reach the model; promptfoo only keeps it fed.
        maxConcurrency: run.classifier.maxPending ?? run.concurrency,
        showProgressBar: false,
        cache: false,
        eventSource: 'library',
        ...(run.repeat !== undefined && run.repeat > 1 && { repeat: run.repeat }),
        ...(run.signal && { abortSignal: run.signal }),
      } as Parameters<typeof promptfoo.evaluate>[1],
    );
    const summary = await ev.toEvaluateSummary();
    const part = rowsFromRepeatedResults(summary.results as EvaluateResult[], labelsByPrompt, cases, run.repeat ?? 1);
    part.forEach((r, v) => rows[v]!.push(...r));
  }
  return rows;
}
