import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { MARKER } from '../../src/pr/comment.ts';
import { readReport } from '../../src/report/io.ts';
import type { Report } from '../../src/report/schema.ts';
import { ROOT, runCommand, type RunResult } from '../helpers/cli.ts';
import { startGitHubServer } from '../helpers/github-server.ts';
import { startOpenAIServer } from '../helpers/openai-server.ts';
import { freshProject, installLabelgate, npmEnv, packLabelgate } from '../helpers/installed-package.ts';
import { tree } from '../helpers/tree.ts';

/**
 * labelgate as a team adds it to its own repository: the packed tarball installed with npm into a
 * fresh git repository outside this one (no network), then the commands the README tells them to
 * run, through `npx`. One pack and one install for the whole file; the steps build on each other.
 */

const LABELS = ['billing', 'bug', 'feature', 'other'];
const TOKEN = 'ghs_package-e2e-token-0123456789';
const REPO = 'acme/ticket-router';

let work: string;
let proj: string;
let env: Record<string, string | undefined>;

const git = (args: string[]) => {
  const r = spawnSync('git', args, { cwd: proj, encoding: 'utf8', env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
};
const npx = (args: string[], extra: Record<string, string> = {}): Promise<RunResult> => runCommand('npx', args, { cwd: proj, env: { ...env, ...extra }, timeoutMs: 170_000 });
const at = (...p: string[]) => path.join(proj, ...p);
const installed = (...p: string[]) => at('node_modules', 'labelgate', ...p);
const v1 = (r: Report) => r.variants.find((v) => v.name === 'v1')!;
const predictions = (r: Report) => Object.fromEntries(v1(r).cases.map((c) => [c.id, c.prediction]));

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'labelgate-package-'));
  const cache = path.join(work, 'npm-cache');
  proj = path.join(work, 'ticket-router');
  mkdirSync(path.join(work, 'home'));
  env = {
    ...npmEnv(cache),
    HOME: path.join(work, 'home'),
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    OPENAI_API_KEY: '',
    // A bare `npx promptfoo eval` keeps its database here, not in the home folder.
    PROMPTFOO_CONFIG_DIR: path.join(work, 'promptfoo'),
  };
  const tarball = packLabelgate(path.join(work, 'pack'), cache);
  freshProject(proj);
  installLabelgate(proj, tarball, cache);
  git(['config', 'user.name', 'Test Author']);
  git(['config', 'user.email', 'author@example.com']);
}, 600_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed labelgate, installed into a new repository', () => {
  it('is compiled JavaScript with its types and bin, without the sources, tests or the case study', async () => {
    const pkg = JSON.parse(readFileSync(at('package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    expect(pkg.devDependencies.labelgate).toMatch(/^file:.*labelgate-\d+\.\d+\.\d+\.tgz$/);
    expect(readdirSync(installed()).sort()).toEqual(['LICENSE', 'README.md', 'bin', 'dist', 'docs', 'package.json', 'schema']);
    for (const f of ['dist/src/cli/main.js', 'dist/src/index.js', 'dist/src/index.d.ts', 'dist/providers/labelgate.js', 'schema/report.schema.json']) {
      expect(existsSync(installed(f)), f).toBe(true);
    }
    expect(readdirSync(installed('dist/src'), { recursive: true }).filter((f) => String(f).endsWith('.ts') && !String(f).endsWith('.d.ts'))).toEqual([]);
    // promptfoo is a peer dependency: the project keeps the promptfoo this checkout runs (the line under test).
    const version = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
    expect(version(at('node_modules/promptfoo/package.json'))).toBe(version(path.join(ROOT, 'node_modules/promptfoo/package.json')));

    // Report-only commands start from the compiled code alone: with tsx out of reach they still run.
    renameSync(at('node_modules', 'tsx'), at('node_modules', '.tsx-hidden'));
    try {
      const help = await npx(['labelgate', '--help']);
      expect(help.code, help.stderr).toBe(0);
      expect(help.stdout).toMatch(/^usage: labelgate <command>/);
    } finally {
      renameSync(at('node_modules', '.tsx-hidden'), at('node_modules', 'tsx'));
    }
  });

  it('init scaffolds the task wired to the installed plugin; run twice, it changes nothing', async () => {
    const init = ['labelgate', 'init', '--task', 'ticket-router', '--labels', LABELS.join(','), '--yes'];
    const first = await npx(init);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toBe('');
    const config = parse(readFileSync(at('promptfooconfig.yaml'), 'utf8')) as { providers: { id: string }[]; prompts: { id: string }[]; tests: { path: string }[]; defaultTest: { assert: { value: string }[] }; extensions: string[] };
    const refs = [config.providers[0]!.id, config.prompts[0]!.id, config.tests[0]!.path, config.defaultTest.assert[0]!.value, ...config.extensions.map((e) => e.replace(/:(beforeAll|afterEach|afterAll)$/, ''))];
    for (const ref of refs) {
      expect(ref).toMatch(/^file:\/\/node_modules\/labelgate\/dist\/providers\/[a-z-]+\.js$/);
      expect(existsSync(at(ref.slice('file://'.length))), ref).toBe(true);
    }

    const before = tree(proj);
    const second = await npx(init);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).not.toMatch(/^(created|updated)/m);
    expect(tree(proj)).toEqual(before);

    // The team's first labeled cases join the example ones; some are hard for the offline stand-in.
    const cases = [
      { id: 't-01', query: 'I was charged twice, where is my invoice?', label: 'billing' },
      { id: 't-02', query: 'The app crashes when I upload a file', label: 'bug' },
      { id: 't-03', query: 'Please add a dark mode feature to the billing pages', label: 'feature' },
      { id: 't-04', query: 'Is there an outage right now?', label: 'other' },
      { id: 't-05', query: 'How do I change my password?', label: 'other' },
      { id: 't-06', query: 'A question about billing: the export has a bug', label: 'bug' },
    ];
    appendFileSync(at('datasets/ticket-router.jsonl'), cases.map((c) => `${JSON.stringify(c)}\n`).join(''));
    git(['add', '-A']);
    git(['commit', '--quiet', '-m', 'labelgate init, our first cases']);
  });

  it('eval runs offline and writes a report of every case', async () => {
    const r = await npx(['labelgate', 'eval', '--out', 'reports/offline.json']);
    expect(r.code, r.stderr).toBe(0);
    const report = readReport(at('reports/offline.json'));
    expect([report.dataset.path, report.dataset.size, report.dataset.labels]).toEqual(['datasets/ticket-router.jsonl', 18, LABELS]);
    expect([v1(report).backend, v1(report).cases.length]).toEqual(['offline', 18]);
    // Some right and some wrong: the comparisons below are between real numbers, not all ones.
    expect(v1(report).metrics.accuracy).toBeGreaterThan(0.3);
    expect(v1(report).metrics.accuracy).toBeLessThan(1);
  });

  it('npx promptfoo eval reports the per-label metrics by name, equal to labelgate\'s own', async () => {
    const r = await npx(['promptfoo', 'eval', '--no-cache', '-o', 'promptfoo-out.json']);
    // 100: promptfoo's exit code when some case fails its assertion (a wrong label), not a crash.
    expect(r.code, r.stderr).toBe(100);
    const out = JSON.parse(readFileSync(at('promptfoo-out.json'), 'utf8')) as { results: { prompts: { label: string; metrics: { namedScores: Record<string, number> } }[] } };
    const [prompt] = out.results.prompts;
    expect(prompt!.label).toBe('v1@1.0.0');
    const scores = prompt!.metrics.namedScores;
    const ours = v1(readReport(at('reports/offline.json'))).metrics;
    const expected: Record<string, number> = { accuracy: ours.accuracy, macro_f1: ours.macroF1 };
    for (const l of LABELS) Object.assign(expected, { [`precision_${l}`]: ours.perLabel[l]!.precision, [`recall_${l}`]: ours.perLabel[l]!.recall, [`f1_${l}`]: ours.perLabel[l]!.f1 });
    for (const [name, value] of Object.entries(expected)) expect(scores[name], name).toBeCloseTo(value, 12);

    // The extension hook wrote labelgate's report of the same run: the same predictions, case by case.
    const hook = readReport(at('reports/promptfoo-latest.json'));
    expect(predictions(hook)).toEqual(predictions(readReport(at('reports/offline.json'))));
  });

  it('a module classifier written in the project (TypeScript, in a CommonJS package) is evaluated as it is', async () => {
    mkdirSync(at('src'));
    writeFileSync(at('src/keywords.ts'), "export const KEYWORDS: Record<string, string[]> = { billing: ['invoice', 'charged'], bug: ['crash', 'bug'], feature: ['please add'] };\n");
    writeFileSync(
      at('src/router.ts'),
      `import type { ClassifyFunction } from 'labelgate';
import { KEYWORDS } from './keywords.ts';

/** Keyword rules; "unsure" is no label (invalid), and the rules service fails on outages (error). */
export const classify: ClassifyFunction = async (c) => {
  const text = c.query.toLowerCase();
  if (text.includes('outage')) throw new Error('rules service unavailable');
  return Object.keys(KEYWORDS).find((label) => KEYWORDS[label]!.some((word) => text.includes(word))) ?? 'unsure';
};
`,
    );
    const r = await npx(['labelgate', 'eval', '--classifier', './src/router.ts#classify', '--out', 'reports/module.json']);
    expect(r.code, r.stderr).toBe(0);
    const report = readReport(at('reports/module.json'));
    expect(v1(report).classifier).toMatchObject({ kind: 'module', ref: 'src/router.ts#classify' });

    // The same function, called here on the same cases: every prediction as labelgate judged it.
    const { classify } = (await import(at('src/router.ts'))) as { classify: (c: { id: string; query: string }) => Promise<string> };
    const dataset = readFileSync(at('datasets/ticket-router.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; query: string });
    const expected: Record<string, string> = {};
    for (const c of dataset) {
      try {
        const label = await classify(c);
        expected[c.id] = LABELS.includes(label) ? label : 'invalid';
      } catch {
        expected[c.id] = 'error';
      }
    }
    expect(predictions(report)).toEqual(expected);
    expect(Object.values(expected)).toEqual(expect.arrayContaining(['invalid', 'error', 'billing']));
    expect(v1(report).cases.find((c) => c.id === 't-04')!.reason).toBe('rules service unavailable');
  });

  it('the openai backend (the SDK as the command ships it) against a local OpenAI-compatible server', async () => {
    const server = await startOpenAIServer();
    try {
      server.setHandler((req) => ({ label: req.body.messages.at(-1)!.content.includes('invoice') ? 'billing' : 'other' }));
      const r = await npx(['labelgate', 'eval', '--backend', 'openai', '--model', 'test-model', '--base-url', server.url, '--out', 'reports/openai.json'], { OPENAI_API_KEY: 'sk-test-package-0123456789abcdef' });
      expect(r.code, r.stderr).toBe(0);
      expect(server.requests).toHaveLength(18);
      // The answer's schema constrains the label to the variant's labels.
      expect(server.requests[0]!.body.response_format?.json_schema?.schema.properties?.label?.enum).toEqual(LABELS);
      const report = readReport(at('reports/openai.json'));
      expect([v1(report).backend, v1(report).model]).toEqual(['openai', 'test-model']);
      expect(Object.entries(predictions(report)).filter(([, p]) => p === 'billing').map(([id]) => id)).toEqual(['t-01']);
    } finally {
      await server.close();
    }
  });

  it('gate and diff judge two reports: an unchanged report passes, one with errors fails', async () => {
    const same = await npx(['labelgate', 'gate', '--candidate', 'reports/offline.json', '--baseline', 'reports/offline.json']);
    expect(same.code, same.stdout + same.stderr).toBe(0);
    const worse = await npx(['labelgate', 'gate', '--candidate', 'reports/module.json', '--baseline', 'reports/offline.json', '--format', 'json']);
    expect(worse.code, worse.stderr).toBe(1);
    const result = JSON.parse(worse.stdout) as { verdict: string; variants: { rules: { rule: string; verdict: string }[] }[] };
    expect(result.verdict).toBe('fail');
    expect(result.variants[0]!.rules.filter((r) => r.verdict === 'fail').map((r) => r.rule)).toContain('maxErrorRate');

    const diff = await npx(['labelgate', 'diff', 'reports/offline.json', 'reports/module.json', '--format', 'json']);
    expect(diff.code, diff.stderr).toBe(0);
    const flips = Object.values((JSON.parse(diff.stdout) as { variants: { flips: Record<string, { id: string }[]> }[] }).variants[0]!.flips).flat();
    const [base, cand] = [predictions(readReport(at('reports/offline.json'))), predictions(readReport(at('reports/module.json')))];
    expect(flips.map((f) => f.id).sort()).toEqual(Object.keys(base).filter((id) => base[id] !== cand[id]).sort());
  });

  it('the programmatic API: docs/api.md\'s example runs against the package root, and its types check', async () => {
    const doc = readFileSync(path.join(ROOT, 'docs/api.md'), 'utf8');
    const example = /<!-- the runnable example[^>]*-->\n```js\n([\s\S]*?)```/.exec(doc)![1]!;
    writeFileSync(at('api-example.mjs'), example);
    const r = await runCommand(process.execPath, ['api-example.mjs', 'reports/offline.json'], { cwd: proj, env });
    expect(r.code, r.stderr).toBe(0);
    const offline = v1(readReport(at('reports/offline.json'))).metrics;
    expect(r.stdout).toContain(`v1@1.0.0: accuracy ${offline.accuracy.toFixed(4)}, macro-F1 ${offline.macroF1.toFixed(4)}\ngate: pass\n`);
    expect(predictions(readReport(at('reports/api-example.json')))).toEqual(predictions(readReport(at('reports/offline.json'))));

    writeFileSync(
      at('api-types.mts'),
      `import { evaluateGate, gateConfig, readReport, type ClassifyFunction, type GateResult, type Report } from 'labelgate';
const report: Report = readReport('reports/offline.json');
const result: GateResult = evaluateGate(report, undefined, gateConfig({ minAccuracy: 0.5 }));
// @ts-expect-error a verdict is 'pass' or 'fail'
const maybe: 'maybe' = result.verdict;
export const classify: ClassifyFunction = (c, context) => context.labels[0] ?? c.id;
console.log(maybe);
`,
    );
    const types = path.join(ROOT, 'node_modules', '@types');
    // skipLibCheck as most projects set it; a declaration that resolved to \`any\` would leave the @ts-expect-error unused, an error.
    const tsc = await runCommand(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit', '--strict', '--skipLibCheck', '--module', 'nodenext', '--target', 'es2022', '--typeRoots', types, '--types', 'node', 'api-types.mts'], { cwd: proj, env });
    expect(tsc.code, tsc.stdout).toBe(0);
  });

  it('pr evaluates base and head of a pull request and comments on it through the GitHub API', async () => {
    const gh = await startGitHubServer({ token: TOKEN, repository: REPO });
    try {
      rmSync(at('reports'), { recursive: true, force: true });
      git(['checkout', '--quiet', '-b', 'describe-bugs']);
      const file = at('prompts/ticket-router/v1.yaml');
      const variant = parse(readFileSync(file, 'utf8')) as { version: string; changelog: string; labels: { name: string; description: string; examples: { positive: string[] } }[] };
      variant.version = '1.1.0';
      variant.changelog = 'Bugs: crashes and broken exports.';
      variant.labels.find((l) => l.name === 'bug')!.examples.positive.push('the app crashes on upload', 'the export has a bug');
      writeFileSync(file, stringify(variant));
      const lock = await npx(['labelgate', 'lock']);
      expect(lock.code, lock.stderr).toBe(0);
      git(['commit', '--quiet', '-am', 'v1: examples of bugs']);

      const event = path.join(work, 'event.json');
      const base = { sha: git(['rev-parse', 'main']), repo: { full_name: REPO, fork: false } };
      writeFileSync(event, JSON.stringify({ action: 'opened', pull_request: { number: 3, title: 'Describe bugs', base, head: { repo: { full_name: REPO, fork: false } } } }));
      const summary = path.join(work, 'summary.md');
      writeFileSync(summary, '');
      const r = await npx(['labelgate', 'pr', '--base', base.sha], {
        CI: 'true',
        GITHUB_ACTIONS: 'true',
        GITHUB_API_URL: gh.url,
        GITHUB_TOKEN: TOKEN,
        GITHUB_REPOSITORY: REPO,
        GITHUB_EVENT_PATH: event,
        GITHUB_STEP_SUMMARY: summary,
      });
      // The examples of bugs fix cases without breaking any: the gate passes, exit 0.
      expect(r.code, r.stderr).toBe(0);
      const [baseReport, headReport] = [readReport(at('reports/pr/base.json')), readReport(at('reports/pr/head.json'))];
      expect([v1(baseReport).version, v1(headReport).version]).toEqual(['1.0.0', '1.1.0']);
      const [before, after] = [predictions(baseReport), predictions(headReport)];
      const gold = Object.fromEntries(v1(headReport).cases.map((c) => [c.id, c.gold]));
      const fixed = Object.keys(after).filter((id) => before[id] !== gold[id] && after[id] === gold[id]);
      expect(fixed.length).toBeGreaterThan(0);
      const comments = gh.comments(3);
      expect(comments).toHaveLength(1);
      expect(comments[0]!.body.startsWith(`${MARKER}\n## labelgate: ✅ the gate passes`)).toBe(true);
      for (const id of fixed) expect(comments[0]!.body).toContain(id);
      expect(readFileSync(summary, 'utf8')).toBe(`${comments[0]!.body}\n`);
    } finally {
      await gh.close();
    }
  });
});
