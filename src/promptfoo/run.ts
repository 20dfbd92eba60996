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
import { rowsFromRepeatedResults } from './repeat-rows.ts';
import { caseFromVars, caseToTest } from './tests.ts';

export interface PromptfooRun {
  variants: Variant[];
  cases: Case[];
  classifier: Classifier;
  concurrency: number;
  /** Runs per case (`--repeat k`); each row then carries every run's answer. Default 1. */
  repeat?: number;
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
 * Evaluates every variant on every case through promptfoo's Node API, in-process, without writing
 * promptfoo's database (and so without extension hooks, whose results would come back empty).
 */
export async function runPromptfoo(run: PromptfooRun): Promise<CaseRow[][]> {
  applyPromptfooEnv();
  // labelgate prints its own progress and summary; promptfoo's info lines would interleave with them.
  process.env.LOG_LEVEL ??= 'warn';
  const { default: promptfoo } = await import('promptfoo');
  const labels = labelNames(run.variants[0]!);
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
      derivedMetrics: derivedMetricsFor(labels),
      writeLatestResults: false,
    },
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
  return rowsFromRepeatedResults(summary.results as Parameters<typeof rowsFromRepeatedResults>[0], run.variants.map(labelNames), run.cases, run.repeat ?? 1);
}
