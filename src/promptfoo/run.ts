import type { Prompt } from 'promptfoo';
import type { Classifier } from '../classifier/types.ts';
import type { Case } from '../dataset/schema.ts';
import type { CaseRow } from '../report/schema.ts';
import { labelNames, variantId, type Variant } from '../variant/schema.ts';
import { applyPromptfooEnv } from '../core/promptfoo-env.ts';
import { gradeCase } from './grade.ts';
import { promptfooMessages } from './literal.ts';
import { derivedMetricsFor } from './named-scores.ts';
import { LabelgateProvider } from './provider.ts';
import { rowsFromResults } from './rows.ts';
import { caseFromVars, caseToTest } from './tests.ts';

export interface PromptfooRun {
  variants: Variant[];
  cases: Case[];
  classifier: Classifier;
  concurrency: number;
  signal?: AbortSignal;
}

/** The variant as a promptfoo prompt: shown as `name@version`, rendered into the classifier's messages (kept literal through promptfoo's templating). */
export function variantPrompt(v: Variant): Prompt {
  return {
    raw: v.path,
    label: variantId(v),
    config: { variant: v.path },
    function: async ({ vars }: { vars: Record<string, unknown> }) => promptfooMessages(v, caseFromVars(vars)),
  } as Prompt;
}

/**
 * Cases per promptfoo evaluation. promptfoo keeps every result of an evaluation in memory until it
 * ends (tens of kilobytes per result: the rendered prompt, the response, the grading), so a single
 * evaluation of 100,000 cases would hold gigabytes. In parts, what is held is one part's results
 * plus labelgate's rows (bench/RESULTS.md, apply-100k), at no measurable cost in CPU; the pause
 * between parts is one request's latency.
 */
export const CASES_PER_EVALUATION = 1_000;

/**
 * Evaluates every variant on every case through promptfoo's Node API, in-process, without writing
 * promptfoo's database (and so without extension hooks, whose results would come back empty), in
 * parts of `CASES_PER_EVALUATION` cases. Rows come back per variant, in the cases' order.
 */
export async function runPromptfoo(run: PromptfooRun, casesPerEvaluation = CASES_PER_EVALUATION): Promise<CaseRow[][]> {
  applyPromptfooEnv();
  // labelgate prints its own progress and summary; promptfoo's info lines would interleave with them.
  process.env.LOG_LEVEL ??= 'warn';
  const { default: promptfoo } = await import('promptfoo');
  const rows: CaseRow[][] = run.variants.map(() => []);
  for (let start = 0; start === 0 || start < run.cases.length; start += casesPerEvaluation) {
    const part = await evaluatePart(promptfoo, { ...run, cases: run.cases.slice(start, start + casesPerEvaluation) });
    part.forEach((r, v) => {
      for (const row of r) rows[v]!.push(row);
    });
    run.signal?.throwIfAborted();
  }
  return rows;
}

async function evaluatePart(promptfoo: typeof import('promptfoo').default, run: PromptfooRun): Promise<CaseRow[][]> {
  const labels = labelNames(run.variants[0]!);
  // Derived metrics are per-label precision and recall: without a gold label there is nothing to derive,
  // and promptfoo re-evaluates them after every result.
  const labeled = run.cases.some((c) => c.label !== undefined);
  const ev = await promptfoo.evaluate(
    {
      prompts: run.variants.map(variantPrompt),
      providers: [new LabelgateProvider({ classifier: run.classifier, variants: run.variants, config: { backend: run.classifier.backend } })],
      tests: run.cases.map(caseToTest),
      defaultTest: {
        assert: [
          {
            type: 'javascript',
            value: (output, context) => gradeCase(output, context.vars.label, (context.providerResponse?.metadata?.labels as string[] | undefined) ?? labels),
          },
        ],
      },
      ...(labeled && { derivedMetrics: derivedMetricsFor(labels) }),
      writeLatestResults: false,
    },
    {
      // The classifier's own limiter decides how many requests reach the model; promptfoo only keeps it fed.
      maxConcurrency: run.classifier.maxPending ?? run.concurrency,
      showProgressBar: false,
      cache: false,
      eventSource: 'library',
      ...(run.signal && { abortSignal: run.signal }),
    } as Parameters<typeof promptfoo.evaluate>[1],
  );
  const summary = await ev.toEvaluateSummary();
  return rowsFromResults(summary.results as Parameters<typeof rowsFromResults>[0], run.variants.map(labelNames), run.cases);
}
