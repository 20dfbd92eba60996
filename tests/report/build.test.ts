import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/report/build.ts';
import { ReportSchema, SCHEMA_VERSION, type CaseRow, type DatasetInfo } from '../../src/report/schema.ts';
import { buildVariantResult, computeUsage } from '../../src/metrics/variant-result.ts';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

const cases: CaseRow[] = [
  { id: '1', gold: 'a', prediction: 'a', latencyMs: 100, tokens: { prompt: 10, completion: 2, total: 12, cached: 8 } },
  { id: '2', gold: 'b', prediction: 'a', latencyMs: 300, tokens: { prompt: 11, completion: 3, total: 14 } },
  { id: '3', gold: 'b', prediction: 'invalid', raw: 'B?', reason: '"B?" is not a label', latencyMs: 200 },
  { id: '4', gold: null, prediction: 'error', reason: 'timeout' },
];

const dataset: DatasetInfo = { path: 'datasets/x.jsonl', hash: 'abcd', size: 4, labels: ['a', 'b'], split: 'all' };

describe('computeUsage', () => {
  it('sums tokens over every case and summarises latency over the timed ones', () => {
    // latencies 100, 200, 300: mean 200; p50 200; p95 at (3-1)·0.95 = 1.9 → 200 + 0.9·100 = 290; max 300
    expect(computeUsage(cases)).toEqual({
      tokens: { prompt: 21, completion: 5, total: 26, cached: 8 },
      latencyMs: { mean: 200, p50: 200, p95: 290, max: 300 },
    });
  });

  it('leaves out what was not recorded', () => {
    expect(computeUsage([{ id: '1', gold: 'a', prediction: 'a' }])).toEqual({ tokens: { prompt: 0, completion: 0, total: 0 } });
    expect(computeUsage([], 0.25)).toEqual({ tokens: { prompt: 0, completion: 0, total: 0 }, costUsd: 0.25 });
  });
});

describe('buildVariantResult', () => {
  const v = buildVariantResult({ name: 'v1', version: '1.2', hash: 'h', labels: ['a', 'b'], backend: 'offline', task: 'docs-router', cases });

  it('carries identity, metrics, usage and the rows', () => {
    expect(Object.keys(v)).toEqual(['name', 'version', 'hash', 'task', 'labels', 'backend', 'metrics', 'usage', 'cases']);
    expect(v.metrics).toMatchObject({ labeled: 3, correct: 1, invalid: 1, error: 0 });
    expect(v.usage.tokens.total).toBe(26);
    expect(v.cases).toBe(cases);
  });

  it('passes the bootstrap options through', () => {
    const w = buildVariantResult({ name: 'v1', version: '1', hash: 'h', labels: ['a', 'b'], backend: 'offline', cases, seed: 3, resamples: 10 });
    expect(w.metrics.macroF1CI).toMatchObject({ seed: 3, resamples: 10 });
  });
});

describe('buildReport', () => {
  const variant = buildVariantResult({ name: 'v1', version: '1', hash: 'h', labels: ['a', 'b'], backend: 'offline', model: 'm', cases });

  it('is a valid report, schemaVersion first, with the tool version from package.json', () => {
    const report = buildReport({ dataset, variants: [variant], createdAt: '2026-11-24T00:00:00.000Z' });
    expect(Object.keys(report)[0]).toBe('schemaVersion');
    expect(report.schemaVersion).toBe(SCHEMA_VERSION);
    expect(report.tool).toEqual({ name: 'labelgate', version: pkg.version });
    expect(report.createdAt).toBe('2026-11-24T00:00:00.000Z');
    expect(report).not.toHaveProperty('unknownPredictionIds');
    expect(ReportSchema.parse(report)).toEqual(report);
  });

  it('stamps the time when none is given, and keeps unknown prediction ids (even none)', () => {
    const report = buildReport({ dataset, variants: [variant], unknownPredictionIds: [] });
    expect(Date.parse(report.createdAt)).not.toBeNaN();
    expect(report.unknownPredictionIds).toEqual([]);
  });

  it('survives a JSON round trip unchanged', () => {
    const report = buildReport({ dataset, variants: [variant], unknownPredictionIds: ['x'] });
    expect(ReportSchema.parse(JSON.parse(JSON.stringify(report)))).toEqual(report);
  });
});
