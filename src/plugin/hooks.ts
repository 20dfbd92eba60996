import type { AfterAllExtensionHookContext, AfterEachExtensionHookContext, BeforeAllExtensionHookContext, EvaluateResult } from 'promptfoo';
import { loadDataset, parseFieldMap, selectSplit } from '../dataset/load.ts';
import type { Split } from '../dataset/split.ts';
import type { ResponseMetadata } from '../promptfoo/grade.ts';
import { withDerivedMetricFunctions, type DerivedMetric } from '../promptfoo/derived-metrics.ts';
import { derivedMetricsOutOfStep } from '../promptfoo/named-scores.ts';
import { variantFor } from '../promptfoo/provider.ts';
import { repeatsIn, rowsFromRepeatedResults } from '../promptfoo/repeat-rows.ts';
import { resultForRows } from '../promptfoo/rows.ts';
import { buildReport } from '../report/build.ts';
import { writeReport } from '../report/io.ts';
import { render } from '../render/registry.ts';
import { datasetInfo, variantResult } from '../run/assemble.ts';
import { loadProjectConfig } from '../run/config.ts';
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

/** labelgate's test generator, as the sources (`providers/tests.ts`) or the installed package (`dist/providers/tests.js`). */
const TESTS_ENTRY = /(^|\/)providers\/tests\.[cm]?[jt]s(:|$)/;

/** The dataset the config's test generator reads (`tests: [{path: file://providers/tests.ts, config}]`). */
function testsConfig(config: AfterAllExtensionHookContext['config']): TestsConfig {
  const tests = [config.tests].flat();
  for (const t of tests) {
    if (t && typeof t === 'object' && 'path' in t && TESTS_ENTRY.test(String(t.path))) return ((t as { config?: TestsConfig }).config ?? {}) as TestsConfig;
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
  // Without a dataset in the generator's config, the project's (labelgate.config.yaml), as the generator does.
  const project = tc.dataset === undefined ? resolveRunOptions({}, loadProjectConfig()) : undefined;
  const dataset = loadDataset(tc.dataset ?? project!.dataset, tc.map !== undefined ? parseFieldMap(tc.map, 'tests config map') : project?.map);
  const split = tc.split ?? 'all';
  const cases = selectSplit(dataset, split);
  // `npx promptfoo eval --repeat k`: the provider records each run, and the rows keep them all.
  const rows = rowsFromRepeatedResults(results, variants.map(labelNames), cases, repeatsIn(results));
  const meta = (results[0]?.response?.metadata ?? {}) as Partial<ResponseMetadata>;
  const ranBy = { backend: meta.backend ?? 'offline', ...(meta.model !== undefined && { model: meta.model }) };
  const { prices } = loadProjectConfig();
  return buildReport({
    dataset: datasetInfo(dataset, cases, split, variants[0] && labelNames(variants[0])),
    variants: variants.map((v, i) => variantResult(v, ranBy, rows[i]!, prices)),
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

/** A warning when the config's derivedMetrics are not the ones labelgate writes for the first variant's labels. */
export function checkDerivedMetrics(suite: Pick<BeforeAllExtensionHookContext['suite'], 'prompts' | 'derivedMetrics'>): string[] {
  const prompt = suite.prompts.find((p) => p.config?.variant !== undefined);
  if (!prompt) return [];
  const labels = labelNames(variantFor(prompt.config?.variant));
  const off = derivedMetricsOutOfStep(suite.derivedMetrics, labels);
  if (off.length === 0) return [];
  return [
    `derivedMetrics do not match the labels ${labels.join(', ')} (missing or different: ${off.join(', ')}); promptfoo would show them as 0. ` +
      'Copy derivedMetrics from the promptfooconfig.yaml that `npx labelgate init --labels ...` writes in an empty folder.',
  ];
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
    for (const w of [...checkPromptsLocked(suite.prompts), ...checkDerivedMetrics(suite)]) console.warn(`warning: ${w}`);
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
