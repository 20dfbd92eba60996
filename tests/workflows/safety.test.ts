import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRelevantPaths } from '../../src/pr/flow.ts';
import { relevantChanges } from '../../src/pr/relevant.ts';
import { loadProjectConfig } from '../../src/run/config.ts';
import { resolveRunOptions } from '../../src/run/options.ts';
import { ROOT } from '../helpers/cli.ts';
import { parseWorkflow, safetyProblems, steps, triggers, type Workflow } from './check.ts';

const load = (name: string) => parseWorkflow(readFileSync(path.join(ROOT, '.github', 'workflows', name), 'utf8'));
const ci = load('ci.yml');
const promptEval = load('prompt-eval.yml');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  peerDependencies: { promptfoo: string };
  devDependencies: { promptfoo: string };
};

type AnyMap = Record<string, unknown>;
const runs = (wf: Workflow) => steps(wf).flatMap(({ step }) => (typeof step.run === 'string' ? [step.run] : []));
const stepUsing = (wf: Workflow, action: string) => steps(wf).find(({ step }) => typeof step.uses === 'string' && step.uses.startsWith(`${action}@`))?.step as AnyMap | undefined;

describe('the workflows are safe by construction', () => {
  it('ci.yml: read-only token, pinned actions, no expression in a script, no secrets', () => {
    expect(safetyProblems(ci, { contents: 'read' })).toEqual([]);
    expect(ci.permissions).toEqual({ contents: 'read' });
  });

  it('prompt-eval.yml: pull_request only, contents read and pull-requests write and nothing broader', () => {
    expect(safetyProblems(promptEval, { contents: 'read', 'pull-requests': 'write' })).toEqual([]);
    expect(triggers(promptEval)).toEqual(['pull_request']);
    expect(promptEval.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
  });

  it('no ${{ }} inside any run: at all, in either workflow', () => {
    for (const script of [...runs(ci), ...runs(promptEval)]) expect(script).not.toContain('${{');
  });

  it('secrets reach the eval step only through env:, the base commit too', () => {
    const step = steps(promptEval).find(({ step }) => typeof step.run === 'string' && step.run.includes('labelgate pr'))?.step as AnyMap;
    expect(step.run).toBe('npx labelgate pr --base "$BASE_SHA"');
    expect(step.env).toEqual({
      BASE_SHA: '${{ github.event.pull_request.base.sha }}',
      GITHUB_TOKEN: '${{ secrets.GITHUB_TOKEN }}',
      OPENAI_API_KEY: '${{ secrets.OPENAI_API_KEY }}',
    });
  });
});

describe('what the workflows do', () => {
  it('CI type-checks, lints and tests on Node 20 with the locked promptfoo and on Node 22 and 24 with the newest line, after a clean install', () => {
    const job = Object.values(ci.jobs as AnyMap)[0] as { strategy: { matrix: { include: { node: number; promptfoo: string }[] } } };
    expect(job.strategy.matrix.include).toEqual([
      { node: 20, promptfoo: 'locked' },
      { node: 22, promptfoo: '0.123' },
      { node: 24, promptfoo: '0.123' },
    ]);
    // Every line CI installs is one the peer range admits; the locked one is the devDependency's.
    for (const { promptfoo } of job.strategy.matrix.include) {
      if (promptfoo !== 'locked') expect(pkg.peerDependencies.promptfoo.split(' || ')).toContain(`^${promptfoo}.0`);
    }
    expect(pkg.peerDependencies.promptfoo.split(' || ')).toContain(pkg.devDependencies.promptfoo);
    // `npm test` is the README's test command: it type-checks, lints (with the layer rule), then runs vitest.
    expect(runs(ci)).toEqual(['npm ci', 'npm install --no-save --no-audit --no-fund "promptfoo@~$PROMPTFOO_LINE"', 'npm test']);
    const line = steps(ci).find(({ step }) => step.env !== undefined)!.step as AnyMap;
    expect([line.if, line.env]).toEqual(["matrix.promptfoo != 'locked'", { PROMPTFOO_LINE: '${{ matrix.promptfoo }}' }]);
    expect(pkg.scripts.test).toBe('npm run typecheck && npm run lint && vitest run');
    expect((stepUsing(ci, 'actions/setup-node')?.with as AnyMap).cache).toBe('npm');
    expect(triggers(ci).sort()).toEqual(['pull_request', 'push']);
  });

  it('prompt-eval runs on every path the flow counts as relevant', () => {
    const paths = ((promptEval.on as AnyMap).pull_request as { paths: string[] }).paths;
    const project = loadProjectConfig(path.join(ROOT, 'labelgate.config.yaml'));
    const relevant = projectRelevantPaths(resolveRunOptions({}, project), project, {});
    expect(relevant).toEqual(expect.arrayContaining(['src/', 'providers/', 'bin/', 'prompts', 'labelgate.gate.yaml', 'labelgate.config.yaml']));
    // The workflow's globs as the flow's patterns (`x/**` is the folder `x/`): every relevant file,
    // and anything inside every relevant folder, must start the workflow.
    const filters = paths.map((f) => f.replace(/\*\*$/, ''));
    for (const p of relevant) {
      const probe = p.endsWith('/') || statSync(path.join(ROOT, p)).isDirectory() ? `${p.replace(/\/$/, '')}/any/file.txt` : p;
      expect(relevantChanges([probe], filters), p).toEqual([probe]);
    }
  });

  it('prompt-eval: full history, Node 20, npm ci, the response cache, one run per pull request, reports kept', () => {
    expect((stepUsing(promptEval, 'actions/checkout')?.with as AnyMap)['fetch-depth']).toBe(0);
    expect((stepUsing(promptEval, 'actions/setup-node')?.with as AnyMap)['node-version']).toBe(20);
    expect(runs(promptEval)[0]).toBe('npm ci');
    const cache = stepUsing(promptEval, 'actions/cache')?.with as AnyMap;
    expect(cache.path).toBe('.labelgate/cache');
    expect(cache.key).toMatch(/hashFiles\('prompts\/\*\*', 'datasets\/\*\*'\)/);
    const upload = stepUsing(promptEval, 'actions/upload-artifact') as AnyMap;
    expect(upload.if).toBe('always()');
    expect((upload.with as AnyMap).path).toBe('reports/pr');
    expect(promptEval.concurrency).toEqual({ group: 'prompt-eval-${{ github.event.pull_request.number }}', 'cancel-in-progress': true });
  });
});

describe('the checks catch an unsafe workflow', () => {
  const unsafe = parseWorkflow(`
on: [pull_request_target]
jobs:
  eval:
    runs-on: ubuntu-latest
    permissions: write-all
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.head.sha }}
      - run: echo "\${{ github.event.pull_request.title }}"
      - uses: some/action@0123456789abcdef0123456789abcdef01234567
        with:
          token: \${{ secrets.GITHUB_TOKEN }}
          branch: \${{ github.head_ref }}
      - run: echo "$TITLE"
        env:
          TITLE: \${{ github.event.pull_request.title }}
`);

  it('names each problem', () => {
    const problems = safetyProblems(unsafe, { contents: 'read' }).join('\n');
    expect(problems).toMatch(/pull_request_target/);
    expect(problems).toMatch(/workflow: no permissions block/);
    expect(problems).toMatch(/job eval: permissions must list scopes/);
    expect(problems).toMatch(/actions\/checkout@v4 is not pinned/);
    expect(problems).toMatch(/persist-credentials/);
    expect(problems).toMatch(/checks out the pull request's head/);
    expect(problems).toMatch(/step 1: `\$\{\{ \}\}` inside run:/);
    expect(problems).toMatch(/steps\.1\.run: "github\.event\.pull_request\.title"/);
    expect(problems).toMatch(/steps\.2\.with\.branch: "github\.head_ref"/);
    expect(problems).toMatch(/steps\.2\.with\.token: a secret may only be an env: value/);
    // The title through env: is data, not code: not a problem.
    expect(problems).not.toMatch(/steps\.3/);
  });

  it('a write scope beyond the allowed ones is a problem', () => {
    const wide = parseWorkflow('on: pull_request\npermissions:\n  contents: write\n  pull-requests: write\n  actions: write\njobs: {}\n');
    expect(safetyProblems(wide, { contents: 'read', 'pull-requests': 'write' })).toEqual([
      'workflow: "contents" must be read-only',
      'workflow: permission "actions: write" is not needed',
    ]);
  });
});
