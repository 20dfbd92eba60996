import type { AfterAllExtensionHookContext, AfterEachExtensionHookContext, EvaluateResult } from 'promptfoo';
import { DEFAULT_DATASET } from '../config.ts';
import { datasetLabels, loadDataset, parseFieldMap, selectSplit } from '../dataset/load.ts';
import type { Split } from '../dataset/split.ts';
import { buildReport, buildVariantResult } from '../report/build.ts';
import { writeReport } from '../report/io.ts';
import { renderReportText } from '../render/text.ts';
import { labelNames } from '../variant/schema.ts';
import { variantFor } from './provider.ts';
import type { ResponseMetadata } from './grade.ts';
import { rowsFromResults } from './rows.ts';

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
  const backend = meta.backend ?? 'offline';
  const model = meta.model;
  return buildReport({
    dataset: { path: datasetPath, hash: dataset.hash, size: cases.length, totalSize: dataset.cases.length, labels: datasetLabels(dataset.cases, variants[0] && labelNames(variants[0])), split },
    variants: variants.map((v, i) =>
      buildVariantResult({ name: v.name, version: v.version, hash: v.hash, task: v.task, path: v.path, changelog: v.changelog, labels: labelNames(v), backend, ...(model !== undefined && { model }), cases: rows[i]! }),
    ),
  });
}

const collected: EvaluateResult[] = [];

/** promptfoo extension hook (`extensions: [file://providers/hooks.ts:extensionHook]`). */
export async function extensionHook(hookName: string, context: unknown): Promise<void> {
  if (hookName === 'beforeAll') collected.length = 0;
  if (hookName === 'afterEach') collected.push((context as AfterEachExtensionHookContext).result);
  if (hookName === 'afterAll') {
    const report = reportFromPromptfoo(context as AfterAllExtensionHookContext, collected);
    writeReport(HOOK_REPORT, report);
    console.log(`\n${renderReportText(report)}\nreport: ${HOOK_REPORT}`);
  }
}
