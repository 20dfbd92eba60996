import type { AfterAllExtensionHookContext, AfterEachExtensionHookContext, BeforeAllExtensionHookContext, EvaluateResult } from 'promptfoo';
import { loadDataset, parseFieldMap, selectSplit } from '../dataset/load.ts';
import type { Split } from '../dataset/split.ts';
import type { ResponseMetadata } from '../promptfoo/grade.ts';
import { withDerivedMetricFunctions, type DerivedMetric } from '../promptfoo/derived-metrics.ts';
import { variantFor } from '../promptfoo/provider.ts';
import { resultForRows, rowsFromResults } from '../promptfoo/rows.ts';
import { buildReport } from '../report/build.ts';
import { writeReport } from '../report/io.ts';
import { render } from '../render/registry.ts';
import { datasetInfo, variantResult } from '../run/assemble.ts';
import { DEFAULT_DATASET, loadProjectConfig } from '../run/config.ts';
import { resolveRunOptions } from '../run/options.ts';
import { checkLock, describeLockProblem, readLock } from '../variant/lock.ts';
import { termMessage } from '../core/text.ts';
import { labelNames } from '../variant/schema.ts';

/** Where the hook writes labelgate's report for a bare `npx promptfoo eval`. */
export const HOOK_REPORT = process.env.LABELGATE_REPORT ?? 'reports/promptfoo-latest.json';

interface TestsConfig {
  dataset?: string;
  split?: Split;
  map?: string;
}

/** The dataset the config's test generator reads (`tests: [{path: file://providers/tests.ts, config}]`). */
function testsConfig(config: AfterAllExtensionHookContext['config']): TestsConfig {
  const tests = [config.tests].flat();
  for (const t of tests) {
    if (t && typeof t === 'object' && 'path' in t && String(t.path).includes('tests.ts')) return ((t as { config?: TestsConfig }).config ?? {}) as TestsConfig;
  }
  return {};
}

/**
 * Builds labelgate's report from a promptfoo run. When promptfoo does not write its database
 * (`--no-write`), `afterAll` receives no results, so the rows collected by `afterEach` are used.
 */
export function reportFromPromptfoo(context: AfterAllExtensionHookContext, collected: EvaluateResult[]) {
  const results = context.results.length > 0 ? context.results : collected;
  const prompts = context.suite.prompts;
  const variants = prompts.map((p) => variantFor(p.config?.variant));
  const tc = testsConfig(context.config);
  const datasetPath = tc.dataset ?? DEFAULT_DATASET;
  const dataset = loadDataset(datasetPath, parseFieldMap(tc.map, 'tests config map'));
  const split = tc.split ?? 'all';
  const cases = selectSplit(dataset, split);
  const rows = rowsFromResults(results, variants.map(labelNames), cases);
  const meta = (results[0]?.response?.metadata ?? {}) as Partial<ResponseMetadata>;
  const ranBy = { backend: meta.backend ?? 'offline', ...(meta.model !== undefined && { model: meta.model }) };
  return buildReport({
    dataset: datasetInfo(dataset, cases, split, variants[0] && labelNames(variants[0])),
    variants: variants.map((v, i) => variantResult(v, ranBy, rows[i]!)),
  });
}

const collected: EvaluateResult[] = [];

/**
 * The lock rule of `labelgate eval`, for a bare `npx promptfoo eval` too: a variant whose content
 * changed while its version did not is refused before any case runs (promptfoo stops the run with
 * this message); an unlocked version is a warning.
 */
export function checkPromptsLocked(prompts: readonly { config?: { variant?: unknown } }[], lockFile = resolveRunOptions({}, loadProjectConfig()).lockFile): string[] {
  const variants = prompts.filter((p) => p.config?.variant !== undefined).map((p) => variantFor(p.config?.variant));
  const warnings: string[] = [];
  for (const p of checkLock(variants, readLock(lockFile))) {
    const line = termMessage(`${p.variant.path}: ${describeLockProblem(p, lockFile)}`);
    if (p.kind === 'changed') throw new Error(line);
    warnings.push(line);
  }
  return warnings;
}

/**
 * The suite with labelgate's derived metrics as functions (promptfoo evaluates every derived metric
 * after every result; parsing each mathjs expression each time was a large part of a bare run).
 */
function withFastDerivedMetrics(suite: BeforeAllExtensionHookContext['suite']): BeforeAllExtensionHookContext | undefined {
  const metrics = (suite as { derivedMetrics?: DerivedMetric[] }).derivedMetrics;
  if (!metrics || metrics.length === 0) return undefined;
  const labelSets = suite.prompts.filter((p) => p.config?.variant !== undefined).map((p) => labelNames(variantFor(p.config?.variant)));
  return { suite: { ...suite, derivedMetrics: withDerivedMetricFunctions(metrics, labelSets) } as BeforeAllExtensionHookContext['suite'] };
}

/** promptfoo extension hook (`extensions: [file://providers/hooks.ts:extensionHook]`). */
export async function extensionHook(hookName: string, context: unknown): Promise<BeforeAllExtensionHookContext | void> {
  if (hookName === 'beforeAll') {
    collected.length = 0;
    const { suite } = context as BeforeAllExtensionHookContext;
    for (const w of checkPromptsLocked(suite.prompts)) console.warn(`warning: ${w}`);
    return withFastDerivedMetrics(suite);
  }
  // Only what the rows need: the whole results would hold every rendered prompt until the end.
  if (hookName === 'afterEach') collected.push(resultForRows((context as AfterEachExtensionHookContext).result));
  if (hookName === 'afterAll') {
    const report = reportFromPromptfoo(context as AfterAllExtensionHookContext, collected);
    writeReport(HOOK_REPORT, report);
    console.log(`\n${render('report', 'text', report)}\nreport: ${HOOK_REPORT}`);
  }
}
