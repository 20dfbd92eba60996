import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEFAULT_CACHE_DIR } from '../../src/classifier/cache.ts';
import { DEFAULT_MAX_INPUT_CHARS } from '../../src/classifier/input-guard.ts';
import { DEFAULT_RETRY_BUDGET_MS } from '../../src/classifier/retry.ts';
import { DEFAULT_CONCURRENCY } from '../../src/classifier/types.ts';
import { parseLabels } from '../../src/cli/commands/init.ts';
import { isUserError } from '../../src/core/errors.ts';
import { gateConfig, GateConfigSchema } from '../../src/gate/config.ts';
import { GATE_FILE_TEXT } from '../../src/init/gate-file.ts';
import { pluginLocation } from '../../src/init/plugin-location.ts';
import { gitignoreWith, planFor, scaffoldFiles } from '../../src/init/scaffold.ts';
import { derivedMetricsFor } from '../../src/promptfoo/named-scores.ts';
import { relevantChanges } from '../../src/pr/relevant.ts';
import { ProjectConfigSchema, REPORTS_DIR } from '../../src/run/config.ts';
import { resolveRunOptions } from '../../src/run/options.ts';
import { loadVariant } from '../../src/variant/load.ts';
import { labelNames } from '../../src/variant/schema.ts';
import { ROOT } from '../helpers/cli.ts';
import { tmpDir } from '../helpers/tmp.ts';
import { parseWorkflow, safetyProblems } from '../workflows/check.ts';

const LABELS = ['billing', 'bug', 'feature-request', 'other'];
const plan = planFor('ticket-router', LABELS, { dir: 'node_modules/labelgate/providers', ext: '.ts' });
const files = Object.fromEntries(scaffoldFiles(plan).map((f) => [f.file, f.text]));
const text = (f: string) => files[f] ?? expect.fail(`${f} is not scaffolded`);

describe('the scaffold, file by file', () => {
  it('writes the task\'s variant, example dataset, configs, promptfoo config and workflow', () => {
    expect(Object.keys(files)).toEqual([
      'prompts/ticket-router/v1.yaml',
      'datasets/ticket-router.jsonl',
      'labelgate.config.yaml',
      'labelgate.gate.yaml',
      'promptfooconfig.yaml',
      '.github/workflows/prompt-eval.yml',
    ]);
  });

  it('the variant is valid, with the given labels in order and the last as fallback', () => {
    const v = loadVariant('prompts/ticket-router/v1.yaml', text('prompts/ticket-router/v1.yaml'));
    expect(labelNames(v)).toEqual(LABELS);
    expect([v.task, v.name, v.version, v.fallback]).toEqual(['ticket-router', 'v1', '1.0.0', 'other']);
  });

  it('the example dataset: a dozen cases over every label, each marked as an example', () => {
    const rows = text('datasets/ticket-router.jsonl').trimEnd().split('\n').map((l) => JSON.parse(l) as { id: string; query: string; label: string; metadata: unknown });
    expect(rows).toHaveLength(12);
    expect(new Set(rows.map((r) => r.id)).size).toBe(12);
    for (const l of LABELS) expect(rows.filter((r) => r.label === l)).toHaveLength(3);
    for (const r of rows) {
      expect(r.query).toMatch(/^EXAMPLE .*replace this dataset/);
      expect(r.metadata).toEqual({ example: true });
    }
  });

  it('labelgate.config.yaml sets the scaffold\'s paths and names every other key, commented, at its default', () => {
    const config = ProjectConfigSchema.parse(parse(text('labelgate.config.yaml')));
    expect(config).toEqual({ variants: 'prompts', dataset: 'datasets/ticket-router.jsonl', lock: 'prompts/variants.lock.json' });
    // Uncommenting every `# key: value` line still gives a valid config: the commented keys are real.
    const uncommented = text('labelgate.config.yaml').replace(/^# ([a-zA-Z]+:)/gm, '$1');
    const all = ProjectConfigSchema.parse(parse(uncommented));
    expect(Object.keys(all).sort()).toEqual(Object.keys(ProjectConfigSchema.shape).sort());
    expect([all.reports, all.cache, all.concurrency, all.split, all.retryBudgetMs, all.maxInputChars]).toEqual([REPORTS_DIR, DEFAULT_CACHE_DIR, DEFAULT_CONCURRENCY, 'all', DEFAULT_RETRY_BUDGET_MS, DEFAULT_MAX_INPUT_CHARS]);
  });

  it('labelgate.gate.yaml is the repository\'s own, byte for byte, and every value in it is the default', () => {
    expect(GATE_FILE_TEXT).toBe(readFileSync(path.join(ROOT, 'labelgate.gate.yaml'), 'utf8'));
    expect(GateConfigSchema.parse(parse(GATE_FILE_TEXT))).toEqual(gateConfig());
    expect(text('labelgate.gate.yaml')).toBe(GATE_FILE_TEXT);
  });

  it('promptfooconfig.yaml: the plugin\'s five entry points and the derived metrics for these labels', () => {
    const c = parse(text('promptfooconfig.yaml')) as Record<string, unknown> & { prompts: { id: string; config: unknown }[]; providers: { id: string }[]; tests: { path: string; config: unknown }[] };
    expect(c.prompts).toEqual([{ id: 'file://node_modules/labelgate/providers/prompt.ts', label: 'v1@1.0.0', config: { variant: 'prompts/ticket-router/v1.yaml' } }]);
    expect(c.providers[0]!.id).toBe('file://node_modules/labelgate/providers/labelgate.ts');
    expect(c.tests).toEqual([{ path: 'file://node_modules/labelgate/providers/tests.ts', config: { dataset: 'datasets/ticket-router.jsonl', split: 'all' } }]);
    expect(c.defaultTest).toEqual({ assert: [{ type: 'javascript', value: 'file://node_modules/labelgate/providers/assert-label.ts' }] });
    expect(c.extensions).toEqual(['file://node_modules/labelgate/providers/hooks.ts:beforeAll', 'file://node_modules/labelgate/providers/hooks.ts:afterAll']);
    expect(c.derivedMetrics).toEqual(derivedMetricsFor(LABELS));
    expect((c.derivedMetrics as { name: string }[]).map((m) => m.name)).toContain('f1_feature_request');
  });

  it('the workflow: as safe as labelgate\'s own, the same job, run on the project\'s relevant paths', () => {
    const wf = parseWorkflow(text('.github/workflows/prompt-eval.yml'));
    const own = parseWorkflow(readFileSync(path.join(ROOT, '.github/workflows/prompt-eval.yml'), 'utf8'));
    expect(safetyProblems(wf, { contents: 'read', 'pull-requests': 'write' })).toEqual([]);
    const withoutCacheKey = (w: typeof wf) => JSON.parse(JSON.stringify(w.jobs).replace(/labelgate-responses-\$\{\{ hashFiles\([^)]*\) \}\}/, 'KEY')) as unknown;
    expect(withoutCacheKey(wf)).toEqual(withoutCacheKey(own));
    expect([wf.permissions, wf.concurrency]).toEqual([own.permissions, own.concurrency]);
    const paths = ((wf.on as Record<string, unknown>).pull_request as { paths: string[] }).paths;
    const filters = paths.map((f) => f.replace(/\*\*$/, ''));
    const changed = ['prompts/ticket-router/v2.yaml', 'datasets/ticket-router.jsonl', 'prompts/variants.lock.json', 'labelgate.config.yaml', 'labelgate.gate.yaml', 'package-lock.json', 'src/app.ts', 'README.md', 'datasets/other.jsonl'];
    expect(relevantChanges(changed, filters)).toEqual(changed.slice(0, 6));
    expect(JSON.stringify(wf.jobs)).toContain("hashFiles('prompts/**', 'datasets/ticket-router.jsonl')");
  });
});

describe('.gitignore entries', () => {
  it('appends only what is missing, however an entry is written, and nothing when all are there', () => {
    expect(gitignoreWith('')).toBe('.labelgate/\nreports/\n');
    expect(gitignoreWith('node_modules/')).toBe('node_modules/\n.labelgate/\nreports/\n');
    expect(gitignoreWith('/reports\nnode_modules/\n')).toBe('/reports\nnode_modules/\n.labelgate/\n');
    expect(gitignoreWith('.labelgate\r\n/reports/\r\n')).toBeUndefined();
    expect(gitignoreWith('# reports/\n')).toBe('# reports/\n.labelgate/\nreports/\n');
  });
});

describe('where promptfooconfig.yaml finds the plugin', () => {
  it('inside labelgate\'s own repository: its providers/', () => {
    expect(pluginLocation(ROOT)).toEqual({ dir: 'providers', ext: '.ts' });
  });

  it('in a project that installed labelgate: the compiled entry points of the packed package, the sources of a linked checkout', () => {
    const packed = tmpDir({ 'node_modules/labelgate/dist/providers/labelgate.js': '', 'node_modules/labelgate/bin/labelgate.js': '' });
    expect(pluginLocation(packed, ROOT)).toEqual({ dir: 'node_modules/labelgate/dist/providers', ext: '.js' });
    // A checkout keeps its sources (and maybe a dist/ from an earlier pack): the sources win, as in bin/labelgate.js.
    const linked = tmpDir({ 'node_modules/labelgate/src/cli/main.ts': '', 'node_modules/labelgate/dist/providers/labelgate.js': '' });
    expect(pluginLocation(linked, ROOT)).toEqual({ dir: 'node_modules/labelgate/providers', ext: '.ts' });
  });

  it('not installed: the installed path anyway, and a warning that says how to install it', () => {
    const bare = tmpDir();
    mkdirSync(path.join(bare, 'node_modules'));
    writeFileSync(path.join(bare, 'package.json'), '{"name": "acme"}');
    const where = pluginLocation(bare, ROOT);
    expect(where.dir).toBe('node_modules/labelgate/providers');
    expect(where.warning).toMatch(/npm install -D labelgate/);
  });
});

describe('--labels', () => {
  const error = (value: string) => {
    try {
      parseLabels(value);
    } catch (e) {
      if (isUserError(e)) return e.message;
      throw e;
    }
    return expect.fail(`"${value}" was accepted`);
  };

  it('splits, trims and keeps the order', () => {
    expect(parseLabels(' billing, bug ,other,')).toEqual(['billing', 'bug', 'other']);
  });

  it('refuses what the variant schema refuses, a repeat, and fewer than two', () => {
    expect(error('Billing,bug')).toMatch(/"Billing" must be lower-case letters/);
    expect(error('bill ing,bug')).toMatch(/"bill ing"/);
    expect(error('invalid,bug')).toMatch(/reserved/);
    expect(error('bug,bug')).toMatch(/"bug" is given twice/);
    expect(error('bug')).toMatch(/at least two labels/);
  });
});

describe('reports and cache folders from labelgate.config.yaml', () => {
  it('default to reports and .labelgate/cache, and follow the config', () => {
    expect(resolveRunOptions({}, {})).toMatchObject({ reportsDir: 'reports', cacheDir: path.join('.labelgate', 'cache') });
    expect(resolveRunOptions({}, { reports: 'out/evals', cache: 'tmp/answers' })).toMatchObject({ reportsDir: 'out/evals', cacheDir: 'tmp/answers' });
  });
});
