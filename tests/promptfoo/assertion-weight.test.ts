import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyPromptfooEnv } from '../../src/core/promptfoo-env.ts';
import { gradeCase } from '../../src/promptfoo/grade.ts';
import { derivedMetricsFor } from '../../src/promptfoo/named-scores.ts';
import { ROOT } from '../helpers/cli.ts';
import { tmpDir } from '../helpers/tmp.ts';

/** The promptfoo this run resolves (the lockfile's, or another line's: scripts/promptfoo-line.sh). */
const PROMPTFOO_VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'node_modules/promptfoo/package.json'), 'utf8')) as { version: string }).version;

/**
 * promptfoo issue/PR #10023: since #8206 promptfoo multiplies named scores by the assertion's
 * weight, so counters kept in `weight: 0` assertions record 0. labelgate's counters come from one
 * assertion at the default weight, returning `namedScores`; this pins that they reach promptfoo's
 * per-prompt sums and derived metrics whole, on whichever promptfoo is installed (CI runs the newest
 * line on Node 22/24).
 */
describe(`labelgate’s named scores in promptfoo ${PROMPTFOO_VERSION}’s per-prompt metrics (Node.js ${process.versions.node})`, () => {
  it('are the hand-counted sums, failing cases included', async () => {
    process.env.PROMPTFOO_CONFIG_DIR = tmpDir();
    applyPromptfooEnv();
    process.env.LOG_LEVEL ??= 'warn';
    const { default: promptfoo } = await import('promptfoo');
    const labels = ['a', 'b'];
    // gold → predicted: a→a, a→b, b→b, b→a, a→a.
    const pairs = [['a', 'a'], ['a', 'b'], ['b', 'b'], ['b', 'a'], ['a', 'a']] as const;
    const ev = await promptfoo.evaluate(
      {
        prompts: ['{{pred}}'],
        providers: ['echo'],
        tests: pairs.map(([gold, pred]) => ({ vars: { pred, label: gold } })),
        defaultTest: { assert: [{ type: 'javascript', value: (output, context) => gradeCase(output, context.vars.label, labels) }] },
        derivedMetrics: derivedMetricsFor(labels),
        writeLatestResults: false,
      },
      { maxConcurrency: 1, showProgressBar: false, cache: false } as Parameters<typeof promptfoo.evaluate>[1],
    );
    const summary = (await ev.toEvaluateSummary()) as unknown as {
      prompts: { metrics?: { namedScores: Record<string, number> } }[];
      results: { vars: { pred: string; label: string }; namedScores: Record<string, number> }[];
    };
    // Each case keeps its one-hot counts whole (not scaled to 0): a→b is a false negative of a.
    const row = summary.results.find((r) => r.vars.label === 'a' && r.vars.pred === 'b')!;
    expect(row.namedScores).toMatchObject({ tally_labeled: 1, tally_correct: 0, tally_fn_a: 1, tally_fp_b: 1, tally_cm_a__b: 1 });
    const scores = summary.prompts[0]!.metrics!.namedScores;
    // a: tp 2 (rows 1, 5), fp 1 (row 4), fn 1 (row 2); b: tp 1, fp 1, fn 1; 3 of 5 right.
    expect(scores).toMatchObject({ tally_labeled: 5, tally_correct: 3, tally_tp_a: 2, tally_fp_a: 1, tally_fn_a: 1, tally_tp_b: 1, tally_fp_b: 1, tally_fn_b: 1 });
    expect(scores).toMatchObject({ tally_cm_a__a: 2, tally_cm_a__b: 1, tally_cm_b__b: 1, tally_cm_b__a: 1 });
    expect(scores.accuracy).toBeCloseTo(3 / 5, 12);
    expect(scores.precision_a).toBeCloseTo(2 / 3, 12);
    expect(scores.recall_b).toBeCloseTo(1 / 2, 12);
    // F1(a) = 2·2/(2·2+1+1) = 2/3, F1(b) = 2/(2+1+1) = 1/2.
    expect(scores.macro_f1).toBeCloseTo((2 / 3 + 1 / 2) / 2, 12);
  });
});
