import { describe, expect, it } from 'vitest';
import { tokenCost, variantCost } from '../../src/metrics/cost.ts';
import { buildVariantResult } from '../../src/metrics/variant-result.ts';
import { diffReports } from '../../src/diff/report-diff.ts';
import { renderDiffMarkdown } from '../../src/render/diff-markdown.ts';
import { renderDiffText } from '../../src/render/diff-text.ts';
import { renderReportMarkdown } from '../../src/render/report-markdown.ts';
import { renderReportText } from '../../src/render/report-text.ts';
import { buildReport } from '../../src/report/build.ts';
import { gateConfig } from '../../src/gate/config.ts';
import { evaluateGate } from '../../src/gate/verdict.ts';
import { composeComment } from '../../src/pr/comment.ts';
import type { CaseRow } from '../../src/report/schema.ts';

const MINI = { input: 0.15, output: 0.6, cachedInput: 0.075 };
const tokens = (prompt: number, completion: number, cached?: number) => ({ prompt, completion, total: prompt + completion, ...(cached !== undefined && { cached }) });

describe('what tokens cost', () => {
  it('prompt at the input price (cached ones at the cached price when given), completion at the output price, per 1M', () => {
    // 600 × 0.15 + 400 × 0.075 + 200 × 0.6 = 90 + 30 + 120 = 240 millionths of a dollar.
    expect(tokenCost(tokens(1000, 200, 400), MINI)).toBeCloseTo(240e-6, 15);
    // Without a cached price every prompt token is input: 1000 × 0.15 + 200 × 0.6 = 270.
    expect(tokenCost(tokens(1000, 200, 400), { input: 0.15, output: 0.6 })).toBeCloseTo(270e-6, 15);
  });
});

describe('a variant’s cost', () => {
  const rows: CaseRow[] = [
    { id: 'a', gold: 'x', prediction: 'x', tokens: tokens(1000, 200, 400) },
    // The backend's own figure wins over the table.
    { id: 'b', gold: 'x', prediction: 'y', tokens: tokens(5000, 5000), costUsd: 0.001 },
    // No answer: nothing billed.
    { id: 'c', gold: 'x', prediction: 'error', reason: 'HTTP 500' },
    // Refused by the input-size guard before any request: a reported 0.
    { id: 'd', gold: 'x', prediction: 'invalid', reason: 'input too large', costUsd: 0 },
  ];

  it('adds up reported costs and priced tokens; per 1,000 cases over every case asked', () => {
    const cost = variantCost(rows, 'gpt-4o-mini', MINI);
    expect(cost.costUsd).toBeCloseTo(0.00124, 15);
    expect(cost.costPer1kCases).toBeCloseTo((0.00124 / 4) * 1000, 12);
    expect(cost.price).toEqual(MINI);
    expect(cost.costUnknown).toBeUndefined();
  });

  it('is unknown, never 0, for a model with no price or answers without token counts', () => {
    const noPrice = variantCost(rows, 'mystery-model', undefined);
    expect(noPrice.costUsd).toBeUndefined();
    expect(noPrice.costUnknown).toBe('no price for model "mystery-model": add it under prices in labelgate.config.yaml (USD per 1M input and output tokens)');
    const uncounted = variantCost([...rows, { id: 'e', gold: 'x', prediction: 'x' }], 'gpt-4o-mini', MINI);
    expect(uncounted).toEqual({ costUnknown: '1 answer(s) came with neither a cost nor token counts' });
    // Reported costs need no price.
    expect(variantCost([rows[1]!, rows[2]!], 'mystery-model', undefined)).toEqual({ costUsd: 0.001, costPer1kCases: 0.5 });
  });

  it('counts a repeated case once per run', () => {
    const repeated: CaseRow[] = [{ id: 'a', gold: 'x', prediction: 'x', runs: ['x', 'x', 'y'], tokens: tokens(3000, 600, 1200) }];
    const cost = variantCost(repeated, 'm', MINI);
    expect(cost.costUsd).toBeCloseTo(720e-6, 15);
    expect(cost.costPer1kCases).toBeCloseTo(0.24, 12);
  });

  it('is part of usage for billed backends only: offline and replay answers carry none', () => {
    const section = (backend: string, model?: string) => buildVariantResult({ name: 'v', version: '1', hash: 'h', labels: ['x', 'y'], backend, ...(model && { model }), price: MINI, cases: rows }).usage;
    expect(section('openai', 'gpt-4o-mini')).toMatchObject({ costUsd: expect.closeTo(0.00124, 15), price: MINI });
    expect(section('offline').costUsd).toBeUndefined();
    expect(section('offline').costUnknown).toBeUndefined();
    expect(buildVariantResult({ name: 'v', version: '1', hash: 'h', labels: ['x', 'y'], backend: 'openai', model: 'm', cases: rows }).usage.costUnknown).toMatch(/^no price for model "m"/);
  });
});

describe('cost in the report, the diff and its markdown', () => {
  const rows = (n: number, t: ReturnType<typeof tokens>): CaseRow[] => Array.from({ length: n }, (_, i) => ({ id: `c${i}`, gold: 'x', prediction: 'x', tokens: t }));
  const report = (model: string, price?: typeof MINI, version = '1') =>
    buildReport({
      dataset: { path: 'd.jsonl', hash: 'h', size: 4, labels: ['x', 'y'], split: 'all' },
      variants: [buildVariantResult({ name: 'v', version, hash: 'h', labels: ['x', 'y'], backend: 'openai', model, ...(price && { price }), cases: rows(4, tokens(1000, 10, 400)) })],
      createdAt: '2026-11-26T00:00:00.000Z',
    });
  // Each case: 600 × 0.15 + 400 × 0.075 + 10 × 0.6 = 126 millionths; 4 cases 0.000504; per 1,000 cases 0.126.
  const priced = report('gpt-4o-mini', MINI);
  const unpriced = report('mystery-model');

  it('the report: a column per 1,000 cases and a line per variant, "unknown" when it is', () => {
    const text = renderReportText(priced);
    expect(text).toMatch(/cost \/ 1k cases\n/);
    expect(text).toContain('cost $0.0005 ($0.1260 per 1,000 cases; tokens at $0.1500 input, $0.6000 output, $0.0750 cached input per 1M)');
    expect(renderReportText(unpriced)).toContain('cost unknown: no price for model "mystery-model"');
    expect(renderReportMarkdown(priced)).toContain('- cost \\$0.0005 (\\$0.1260 per 1,000 cases;');
  });

  it('the diff: both totals and per 1,000 cases, an unpriced side as unknown', () => {
    const both = diffReports(priced, report('gpt-4o-mini', { input: 0.3, output: 1.2, cachedInput: 0.15 }));
    const usage = both.variants[0]!.status === 'compared' ? both.variants[0]!.usage : undefined;
    expect(usage?.costUsd?.delta).toBeCloseTo(0.000504, 15);
    expect(usage?.costPer1kCases).toMatchObject({ base: expect.closeTo(0.126, 12), candidate: expect.closeTo(0.252, 12) });
    const oneUnknown = diffReports(priced, unpriced);
    expect(renderDiffText(oneUnknown)).toContain('cost $0.1260 -> unknown per 1,000 cases');
    expect(renderDiffMarkdown(oneUnknown)).toContain('cost \\$0.1260 → unknown per 1,000 cases');
  });

  it('the pull-request comment carries the diff’s cost line', () => {
    const head = report('gpt-4o-mini', { input: 0.3, output: 1.2, cachedInput: 0.15 }, '2');
    const body = composeComment(evaluateGate(head, priced, gateConfig()), diffReports(priced, head), { baseRef: 'main', mergeBase: 'a'.repeat(40), head: 'b'.repeat(40), backend: 'openai', notes: [] });
    expect(body).toContain('cost \\$0.0005 → \\$0.0010 (+\\$0.0005), \\$0.1260 → \\$0.2520 per 1,000 cases');
  });
});
