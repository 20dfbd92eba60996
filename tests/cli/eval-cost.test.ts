import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.ts';
import { diffReports } from '../../src/diff/report-diff.ts';
import { render } from '../../src/render/registry.ts';
import { readReport } from '../../src/report/io.ts';
import { loadProjectConfig } from '../../src/run/config.ts';
import { evaluate } from '../../src/run/evaluate.ts';
import { resolveRunOptions } from '../../src/run/options.ts';
import { labelgate, ROOT } from '../helpers/cli.ts';
import { keywordModel, startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.ts';
import { tmpDir } from '../helpers/tmp.ts';

const SMALL = path.join(ROOT, 'tests/fixtures/datasets/small.jsonl');
const V3 = path.join(ROOT, 'prompts/docs-router/v3.yaml');
const KEY = 'sk-test-COST-0123456789abcdef';

describe('cost from the price table in labelgate.config.yaml', () => {
  let server: OpenAIServer;
  beforeAll(async () => {
    // Every answer reports 1,000 prompt tokens (400 from the prompt cache) and 10 completion tokens.
    server = await startOpenAIServer((req) => ({ ...(keywordModel(req) as { label: string }), usage: { prompt_tokens: 1000, completion_tokens: 10, cached_tokens: 400 } }));
  });
  afterAll(() => server.close());

  it('prices each variant in the report, the terminal and the diff; an unpriced model is unknown; a bad table is the user’s error', async () => {
    const dir = tmpDir({ 'labelgate.config.yaml': `prices:\n  test-model: { input: 0.15, output: 0.6, cachedInput: 0.075 }\n` });
    const env = { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: server.url };
    const r = await labelgate(['eval', '--backend', 'openai', '--model', 'test-model', '--variants', V3, '--dataset', SMALL, '--out', 'priced.json'], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(0);
    // Per case: 600 × 0.15 + 400 × 0.075 + 10 × 0.6 = 126 millionths of a dollar; 12 cases.
    const priced = readReport(path.join(dir, 'priced.json'));
    expect(priced.variants[0]!.usage).toMatchObject({ costUsd: expect.closeTo(12 * 126e-6, 15), costPer1kCases: expect.closeTo(0.126, 12), price: { input: 0.15, output: 0.6, cachedInput: 0.075 } });
    expect(r.stdout).toMatch(/error +cost \/ 1k cases\n/);
    expect(r.stdout).toMatch(/v3@3\.0\.0 .* \$0\.1260\n/);
    expect(r.stdout).toContain('cost $0.0015 ($0.1260 per 1,000 cases;');
    expect(r.stdout + r.stderr).not.toContain(KEY);

    // A model the table does not price: cost unknown, never $0, in the report and the diff.
    const { report } = await evaluate(resolveRunOptions({ backend: 'openai', model: 'mystery-model', baseURL: server.url, variants: [V3], dataset: SMALL }, { cache: path.join(dir, 'cache') }));
    expect(report.variants[0]!.usage.costUsd).toBeUndefined();
    expect(report.variants[0]!.usage.costUnknown).toMatch(/^no price for model "mystery-model"/);
    expect(render('diff', 'text', diffReports(priced, report))).toContain('cost $0.1260 -> unknown per 1,000 cases');

    const bad = tmpDir({ 'labelgate.config.yaml': `model: test-model\nprices:\n  test-model: { input: -1, output: 0.6 }\n` });
    expect(() => loadProjectConfig(path.join(bad, 'labelgate.config.yaml'))).toThrow(UserError);
    expect(() => loadProjectConfig(path.join(bad, 'labelgate.config.yaml'))).toThrow(/input/);
  });
});
