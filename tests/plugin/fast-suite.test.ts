import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AssertionValueFunctionContext, BeforeAllExtensionHookContext } from 'promptfoo';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { beforeAll } from '../../src/plugin/hooks.ts';
import { ROOT } from '../helpers/cli.ts';

interface Assertion {
  type: string;
  value: unknown;
}

const repoConfig = parse(readFileSync(path.join(ROOT, 'promptfooconfig.yaml'), 'utf8')) as { derivedMetrics: { name: string; value: string }[]; defaultTest: { assert: Assertion[] } };
const OURS = repoConfig.defaultTest.assert[0]!.value as string;
const INSTALLED = 'file://node_modules/labelgate/dist/providers/assert-label.js';
const USERS = { type: 'javascript', value: 'file://checks/my-assert.ts' };
const EQUALS = { type: 'equals', value: 'other' };

function suite() {
  return {
    prompts: [{ raw: 'v1', label: 'v1@1.0.0', config: { variant: path.join(ROOT, 'prompts/docs-router/v1.yaml') } }],
    providers: [],
    derivedMetrics: repoConfig.derivedMetrics,
    defaultTest: { assert: [{ type: 'javascript', value: OURS }, USERS, EQUALS] },
    tests: [{ vars: { label: 'other' }, assert: [{ type: 'javascript', value: INSTALLED }] }, { vars: { label: 'artifact' } }],
  } as unknown as BeforeAllExtensionHookContext['suite'];
}

const context = (label: string) => ({ vars: { label }, providerResponse: { metadata: { labels: ['artifact', 'integrations', 'visualisation', 'other'] } } }) as unknown as AssertionValueFunctionContext;

describe('the beforeAll hook hands promptfoo the suite it runs fastest, with the same results', () => {
  it('runs labelgate’s assertion in process, shown and stored as the config’s file:// value; other assertions stay as written', async () => {
    const { suite: fast } = await beforeAll({ suite: suite() });
    const [ours, users, equals] = (fast as unknown as { defaultTest: { assert: Assertion[] } }).defaultTest.assert;
    expect(typeof ours!.value).toBe('function');
    expect(String(ours!.value)).toBe(OURS);
    expect(JSON.parse(JSON.stringify(ours))).toEqual({ type: 'javascript', value: OURS });
    expect([users, equals]).toEqual([USERS, EQUALS]);
    // The installed package's entry in a test's own assertions too; a test without assertions is left as it is.
    const tests = (fast as unknown as { tests: { assert?: Assertion[] }[] }).tests;
    expect(String(tests[0]!.assert![0]!.value)).toBe(INSTALLED);
    expect(tests[1]).toEqual({ vars: { label: 'artifact' } });

    // The function grades as the file does: pass on the gold label, the case's counts as named scores.
    const grade = ours!.value as (output: string, c: AssertionValueFunctionContext) => { pass: boolean; namedScores: Record<string, number> };
    const right = grade('other', context('other'));
    expect([right.pass, right.namedScores.tally_tp_other, right.namedScores.tally_correct]).toEqual([true, 1, 1]);
    const wrong = grade('artifact', context('other'));
    expect([wrong.pass, wrong.namedScores.tally_fp_artifact, wrong.namedScores.tally_fn_other, wrong.namedScores.tally_cm_other__artifact]).toEqual([false, 1, 1, 1]);
  });

  it('turns the derived metrics labelgate writes into functions and leaves a metric it did not write as mathjs', async () => {
    const own = { name: 'my_rate', value: 'tally_correct / 2' };
    const s = { ...suite(), derivedMetrics: [...repoConfig.derivedMetrics, own] } as BeforeAllExtensionHookContext['suite'];
    const { suite: fast } = await beforeAll({ suite: s });
    const metrics = (fast as unknown as { derivedMetrics: { name: string; value: unknown }[] }).derivedMetrics;
    expect(metrics.slice(0, -1).map((m) => typeof m.value)).toEqual(repoConfig.derivedMetrics.map(() => 'function'));
    expect(metrics.at(-1)).toEqual(own);
  });
});
