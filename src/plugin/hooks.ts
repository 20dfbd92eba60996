import type { AfterAllExtensionHookContext, AfterEachExtensionHookContext, BeforeAllExtensionHookContext, EvaluateResult } from 'promptfoo';
import { loadDataset, parseFieldMap, selectSplit } from '../dataset/load.ts';
import type { Split } from '../dataset/split.ts';
import type { ResponseMetadata } from '../promptfoo/grade.ts';
import { openAnswers, takeAnswers } from '../promptfoo/answers.ts';
import { withDerivedMetricFunctions, type DerivedMetric } from '../promptfoo/derived-metrics.ts';
import { assertLabel } from './assert-label.ts';
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
 * (`--no-write`), `afterAll` receives no results: the rows collected by an `afterEach` hook are used
 * when the config has one, else the answers labelgate's provider recorded (`answers.ts`).
 */
export function reportFromPromptfoo(context: AfterAllExtensionHookContext, collected: EvaluateResult[], answered: EvaluateResult[] = []) {
  const results = context.results.length > 0 ? context.results : collected.length > 0 ? collected : answered;
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

/** labelgate's assertion, as the sources (`providers/assert-label.ts`) or the installed package (`dist/providers/assert-label.js`) name it. */
const ASSERT_ENTRY = /^file:\/\/(.*\/)?providers\/assert-label\.[cm]?[jt]s$/;

type Assertion = { type?: string; value?: unknown };

/**
 * labelgate's assertion as the function it names. promptfoo imports an assertion's file for every
 * result it grades (through tsx's module hooks when the file is TypeScript, a round trip to another
 * thread each time); a function runs in place. The function shows and is stored as the config's
 * `file://` value.
 */
function inProcess(a: Assertion): Assertion {
  if (a.type !== 'javascript' || typeof a.value !== 'string' || !ASSERT_ENTRY.test(a.value)) return a;
  const named = a.value;
  const fn = Object.assign((output: string, context: Parameters<typeof assertLabel>[1]) => assertLabel(output, context), { toString: () => named, toJSON: () => named });
  return { ...a, value: fn };
}

const withAssertionsInProcess = <T extends { assert?: unknown }>(test: T): T =>
  Array.isArray(test.assert) ? { ...test, assert: (test.assert as Assertion[]).map((a) => (a && typeof a === 'object' ? inProcess(a) : a)) } : test;

/**
 * The suite as labelgate runs it fastest with the same results: derived metrics as functions (promptfoo
 * evaluates every derived metric after every result; parsing each mathjs expression each time was a
 * large part of a bare run) and labelgate's assertion in process.
 */
function fastSuite(suite: BeforeAllExtensionHookContext['suite']): BeforeAllExtensionHookContext {
  const s = suite as BeforeAllExtensionHookContext['suite'] & { derivedMetrics?: DerivedMetric[]; defaultTest?: unknown; tests?: unknown };
  const labelSets = suite.prompts.filter((p) => p.config?.variant !== undefined).map((p) => labelNames(variantFor(p.config?.variant)));
  const isTest = (t: unknown): t is { assert?: unknown } => typeof t === 'object' && t !== null;
  return {
    suite: {
      ...suite,
      ...(s.derivedMetrics && s.derivedMetrics.length > 0 && { derivedMetrics: withDerivedMetricFunctions(s.derivedMetrics, labelSets) }),
      ...(isTest(s.defaultTest) && { defaultTest: withAssertionsInProcess(s.defaultTest) }),
      ...(Array.isArray(s.tests) && { tests: s.tests.map((t: unknown) => (isTest(t) ? withAssertionsInProcess(t) : t)) }),
    } as BeforeAllExtensionHookContext['suite'],
  };
}

/** `beforeAll`: the lock rule and the derived metrics' check, then the suite as `fastSuite` gives it. */
export async function beforeAll(context: BeforeAllExtensionHookContext): Promise<BeforeAllExtensionHookContext> {
  collected.length = 0;
  openAnswers();
  const { suite } = context;
  for (const w of [...checkPromptsLocked(suite.prompts), ...checkDerivedMetrics(suite)]) console.warn(`warning: ${termMessage(w)}`);
  return fastSuite(suite);
}

/**
 * `afterEach`, for configs whose provider is not labelgate's (whose answers it records itself): only
 * what the rows need (the whole results would hold every rendered prompt until the end).
 */
export async function afterEach(context: AfterEachExtensionHookContext): Promise<void> {
  collected.push(resultForRows(context.result));
}

/** `afterAll`: labelgate's report, written and summarised. */
export async function afterAll(context: AfterAllExtensionHookContext): Promise<void> {
  const report = reportFromPromptfoo(context, collected, takeAnswers(context.suite.prompts.map((p) => p.label)));
  writeReport(HOOK_REPORT, report);
  console.log(`\n${render('report', 'text', report)}\nreport: ${HOOK_REPORT}`);
}

/**
 * The hooks in one function (`extensions: [file://providers/hooks.ts:extensionHook]`), as configs
 * written before the named hooks have it. promptfoo then imports the file for every hook it runs,
 * `beforeEach` and `afterEach` for every result; with the named hooks `:beforeAll` and `:afterAll`
 * it imports the file twice in a run.
 */
export async function extensionHook(hookName: string, context: unknown): Promise<BeforeAllExtensionHookContext | void> {
  if (hookName === 'beforeAll') return beforeAll(context as BeforeAllExtensionHookContext);
  if (hookName === 'afterEach') return afterEach(context as AfterEachExtensionHookContext);
  if (hookName === 'afterAll') return afterAll(context as AfterAllExtensionHookContext);
}
