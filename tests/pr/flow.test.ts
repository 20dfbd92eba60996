import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { MARKER } from '../../src/pr/comment.ts';
import { readReport } from '../../src/report/io.ts';
import { loadVariants } from '../../src/variant/load.ts';
import { LOCK_FILE, readLock, updateLock, writeLock } from '../../src/variant/lock.ts';
import { activeMarkdown } from '../diff/markdown-checks.ts';
import { labelgate, ROOT, type RunResult } from '../helpers/cli.ts';
import { startGitHubServer, type GitHubServer } from '../helpers/github-server.ts';
import { EVALUATED, HOSTILE_DIR, HOSTILE_SECRET } from '../helpers/hostile.ts';
import { activeTerminal } from '../helpers/terminal-checks.ts';

/**
 * The pull-request flow end to end, as CI runs it: a real git repository with a main branch and
 * pull-request branches, `labelgate pr` spawned through the package's bin with the environment
 * GitHub Actions provides, and GitHub's REST API as a local server.
 */

const TOKEN = 'ghs_e2e-secret-token-0123456789';
const REPO = 'acme/docs-router';
const VARIANTS = path.join('prompts', 'docs-router');

let work: string;
let repo: string;
let home: string;
let gh: GitHubServer;
const outputs: PrRun[] = [];

function git(args: string[], cwd = repo): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

/** Edits a variant file as a person would, bumps its version and records it in the lock (`labelgate lock`). */
function editVariant(name: string, edit: (doc: Record<string, unknown> & { labels: Array<Record<string, unknown>> }) => void): void {
  const file = path.join(repo, VARIANTS, `${name}.yaml`);
  const doc = parse(readFileSync(file, 'utf8')) as Record<string, unknown> & { labels: Array<Record<string, unknown>> };
  edit(doc);
  writeFileSync(file, stringify(doc));
  const lockFile = path.join(repo, LOCK_FILE);
  const { lock, refused } = updateLock(loadVariants([path.join(repo, VARIANTS)]), readLock(lockFile));
  expect(refused).toEqual([]);
  writeLock(lock, lockFile);
}

const label = (doc: { labels: Array<Record<string, unknown>> }, name: string) => doc.labels.find((l) => l.name === name)!;

interface PrRun extends RunResult {
  summary: string;
}

/** `labelgate pr` in the repository, with the environment of a `pull_request` workflow run. */
async function runPr(pull: number, options: { fork?: boolean; extraArgs?: string[]; env?: Record<string, string> } = {}): Promise<PrRun> {
  const event = path.join(work, `event-${pull}.json`);
  const fullName = options.fork ? 'someone/docs-router' : REPO;
  writeFileSync(
    event,
    JSON.stringify({ action: 'synchronize', pull_request: { number: pull, title: '`$(rm -rf /)` @everyone', base: { sha: git(['rev-parse', 'main']), repo: { full_name: REPO, fork: false } }, head: { repo: { full_name: fullName, fork: Boolean(options.fork) } } } }),
  );
  const summary = path.join(work, `summary-${pull}-${outputs.length}.md`);
  writeFileSync(summary, '');
  const r = await labelgate(['pr', ...(options.extraArgs ?? [])], {
    cwd: repo,
    env: {
      HOME: home,
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_CONFIG_NOSYSTEM: '1',
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_API_URL: gh.url,
      GITHUB_TOKEN: TOKEN,
      GITHUB_REPOSITORY: REPO,
      GITHUB_EVENT_PATH: event,
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_SERVER_URL: 'https://github.example',
      GITHUB_RUN_ID: '4242',
      OPENAI_API_KEY: '',
      ...options.env,
    },
  });
  const run = { ...r, summary: readFileSync(summary, 'utf8') };
  outputs.push(run);
  return run;
}

/** Case ids of a variant that the base got right and the head got wrong, from the reports the run wrote. */
function brokenIds(variant: string): string[] {
  const base = readReport(path.join(repo, 'reports/pr/base.json')).variants.find((v) => v.name === variant)!;
  const head = readReport(path.join(repo, 'reports/pr/head.json')).variants.find((v) => v.name === variant)!;
  const headById = new Map(head.cases.map((c) => [c.id, c]));
  return base.cases.filter((c) => c.prediction === c.gold && headById.get(c.id)?.prediction !== c.gold).map((c) => c.id);
}

const ours = (pull: number) => gh.comments(pull).filter((c) => c.body.startsWith(MARKER));

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'labelgate-pr-'));
  repo = path.join(work, 'repo');
  home = path.join(work, 'home');
  mkdirSync(home);
  mkdirSync(path.join(repo, VARIANTS), { recursive: true });
  mkdirSync(path.join(repo, 'datasets'));
  for (const f of readdirSync(path.join(ROOT, VARIANTS))) copyFileSync(path.join(ROOT, VARIANTS, f), path.join(repo, VARIANTS, f));
  copyFileSync(path.join(ROOT, 'datasets/docs-assistant.jsonl'), path.join(repo, 'datasets/docs-assistant.jsonl'));
  // The rules these tests rely on, written out (the project's own file may choose others).
  writeFileSync(path.join(repo, 'labelgate.gate.yaml'), 'regression:\n  maxAccuracyDrop: 0.02\n  maxRecallDrop: 0.05\n  alpha: 0.05\ninconclusive: pass\n');
  writeFileSync(path.join(repo, 'README.md'), '# docs router\n');
  writeFileSync(path.join(repo, '.gitignore'), 'reports/\n.labelgate/\n');
  const lockFile = path.join(repo, LOCK_FILE);
  writeLock(updateLock(loadVariants([path.join(repo, VARIANTS)]), readLock(lockFile)).lock, lockFile);
  git(['init', '--quiet', '--initial-branch=main']);
  git(['config', 'user.name', 'Test Author']);
  git(['config', 'user.email', 'author@example.com']);
  git(['add', '-A']);
  git(['commit', '--quiet', '-m', 'main: three variants, the labeled dataset']);

  gh = await startGitHubServer({ token: TOKEN, repository: REPO });
  // Earlier discussion on the pull request: 120 comments, so ours is the 121st and on page 2.
  gh.seed(7, Array.from({ length: 120 }, (_, i) => `review comment ${i + 1}`));
  gh.seed(7, [`> ${MARKER}\n> someone quoting an old labelgate comment`]);
});

afterAll(async () => {
  await gh?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('labelgate pr in a git repository, against a GitHub-like API', () => {
  it('a pull request that makes one label regress: exit 1, and one comment that names the broken cases', async () => {
    git(['checkout', '--quiet', '-b', 'shorter-integrations', 'main']);
    // A botched "simplification" of v3: the integrations label loses its description, and two of its
    // positive examples end up in its negative list. (A regression the gate must call real with every
    // rule of the run tested together: 6 broken of 46 would not be, 15 are.)
    editVariant('v3', (doc) => {
      doc.version = '3.1.0';
      doc.changelog = 'Shorter integrations definition.';
      const positive = (label(doc, 'integrations').examples as { positive: string[] }).positive;
      Object.assign(label(doc, 'integrations'), { description: 'Questions about integrations.', examples: { positive: [], negative: positive.slice(0, 2) } });
    });
    git(['commit', '--quiet', '-am', 'v3: shorter integrations definition']);

    const r = await runPr(7);
    expect(r.code, r.stderr).toBe(1);

    const broken = brokenIds('v3');
    expect(broken.length).toBeGreaterThan(3);
    const head = readReport(path.join(repo, 'reports/pr/head.json'));
    const base = readReport(path.join(repo, 'reports/pr/base.json'));
    expect(base.variants.map((v) => `${v.name}@${v.version}`)).toEqual(['v1@1.0.0', 'v2@2.0.0', 'v3@3.0.0']);
    expect(head.variants.map((v) => `${v.name}@${v.version}`)).toEqual(['v1@1.0.0', 'v2@2.0.0', 'v3@3.1.0']);
    // Both reports name their files as the repository does, though the base ran in a worktree.
    expect(base.dataset.path).toBe(head.dataset.path);
    expect(base.variants[2]!.path).toBe(head.variants[2]!.path);

    expect(gh.requests.filter((q) => q.method === 'POST')).toHaveLength(1);
    const [comment] = ours(7);
    expect(ours(7)).toHaveLength(1);
    expect(comment!.body.startsWith(`${MARKER}\n## labelgate: ❌ the gate fails`)).toBe(true);
    expect(comment!.body).toMatch(/maxRecallDrop integrations \| ❌ fail/);
    for (const id of broken) expect(comment!.body).toContain(id);
    expect(comment!.body.length).toBeLessThanOrEqual(65_536);
    expect(comment!.body).toContain('https://github.example/acme/docs-router/actions/runs/4242');

    // The step summary holds the same body; the out dir holds the reports and the comment.
    expect(r.summary).toBe(`${comment!.body}\n`);
    expect(readFileSync(path.join(repo, 'reports/pr/comment.md'), 'utf8')).toBe(comment!.body);
    expect(JSON.parse(readFileSync(path.join(repo, 'reports/pr/gate.json'), 'utf8')).verdict).toBe('fail');
    expect(r.stdout).toMatch(/labelgate gate: FAIL/);
    // Progress in CI: plain lines naming the side, one when each variant finishes; no escape codes.
    for (const v of ['head v1@1.0.0', 'head v3@3.1.0', 'base v3@3.0.0']) expect(r.stderr.split('\n').filter((l) => l.startsWith(`${v}: `) && l.endsWith(' · done'))).toHaveLength(1);
    expect(r.stderr).not.toContain('\u001b[');

    // The base's worktree is gone, and promptfoo kept its state in the project, not in $HOME.
    expect(git(['worktree', 'list']).split('\n')).toHaveLength(1);
    expect(readdirSync(home)).toEqual([]);
    expect(existsSync(path.join(repo, '.labelgate', 'promptfoo'))).toBe(true);
  });

  it('a second push updates that comment in place (found on page 2 of the listing), never adds one', async () => {
    const before = ours(7)[0]!;
    editVariant('v3', (doc) => {
      doc.version = '3.1.1';
      doc.changelog = 'Shorter integrations definition, reworded.';
    });
    git(['commit', '--quiet', '-am', 'v3: reword the changelog']);
    const requestsBefore = gh.requests.length;

    const r = await runPr(7);
    expect(r.code, r.stderr).toBe(1);
    const requests = gh.requests.slice(requestsBefore);
    expect(requests.filter((q) => q.method === 'POST')).toHaveLength(0);
    expect(requests.filter((q) => q.method === 'PATCH').map((q) => q.path)).toEqual([`/repos/${REPO}/issues/comments/${before.id}`]);
    expect(requests.filter((q) => q.method === 'GET').map((q) => q.query.get('page') ?? '1')).toEqual(['1', '2']);
    expect(ours(7)).toHaveLength(1);
    expect(ours(7)[0]!.body).toContain('3.1.1');
    expect(gh.comments(7)).toHaveLength(122);
  });

  it('a pull request that improves the classifier: exit 0, and a comment that says it passes', async () => {
    git(['checkout', '--quiet', '-b', 'other-examples', 'main']);
    // v2 borrows v3's examples of `other`: more cases right, none of the labels worse beyond noise.
    const v3 = parse(readFileSync(path.join(repo, VARIANTS, 'v3.yaml'), 'utf8')) as { labels: Array<Record<string, unknown>> };
    editVariant('v2', (doc) => {
      doc.version = '2.1.0';
      doc.changelog = 'Examples of what is `other`.';
      label(doc, 'other').examples = label(v3, 'other').examples;
    });
    git(['commit', '--quiet', '-am', 'v2: examples for other']);

    const r = await runPr(8);
    expect(r.code, r.stderr).toBe(0);
    const [comment] = ours(8);
    expect(ours(8)).toHaveLength(1);
    expect(comment!.body).toMatch(/^<!-- labelgate:eval-diff -->\n## labelgate: ✅ the gate passes/);
    const head = readReport(path.join(repo, 'reports/pr/head.json')).variants.find((v) => v.name === 'v2')!;
    const base = readReport(path.join(repo, 'reports/pr/base.json')).variants.find((v) => v.name === 'v2')!;
    expect(head.metrics.correct).toBeGreaterThan(base.metrics.correct);
    expect(comment!.body).toMatch(/\*\*Fixed: \d+ \(wrong → right\)\*\*/);
  });

  it('a pull request from a fork (read-only token, no secrets): the offline backend, the step summary, and the gate’s exit code', async () => {
    gh.setReadOnly(true);
    try {
      const r = await runPr(9, { fork: true });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/warning: cannot comment on the pull request \(403, a pull request from a fork gets a read-only token\)/);
      expect(r.summary).toMatch(/^<!-- labelgate:eval-diff -->\n## labelgate: ✅ the gate passes/);
      expect(r.summary).toContain('No OPENAI\\_API\\_KEY (a pull request from a fork gets no secrets)');
      expect(gh.comments(9)).toEqual([]);
    } finally {
      gh.setReadOnly(false);
    }
  });

  it('a pull request that changes nothing relevant: a cheap run that says so, exit 0, no comment', async () => {
    git(['checkout', '--quiet', '-b', 'readme', 'main']);
    writeFileSync(path.join(repo, 'README.md'), '# docs router\n\nHow to run the router.\n');
    git(['commit', '--quiet', '-am', 'docs: readme']);
    rmSync(path.join(repo, 'reports'), { recursive: true, force: true });

    // Which modules the run loads, as Node resolves them.
    const imports = path.join(work, 'imports-10.txt');
    const r = await runPr(10, { env: { NODE_OPTIONS: `--import ${pathToFileURL(path.join(ROOT, 'tests/helpers/record-imports.mjs')).href}`, LABELGATE_TEST_IMPORTS: imports } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/nothing relevant changed since the merge base; eval skipped/);
    expect(r.summary).toMatch(/^<!-- labelgate:eval-diff -->\n## labelgate: ⏭️ eval skipped, nothing relevant changed/);
    expect(r.summary).toContain('<code>README.md</code>');
    // Nothing evaluated: no reports, and no comment where there was none.
    expect(existsSync(path.join(repo, 'reports/pr/head.json'))).toBe(false);
    expect(gh.comments(10)).toEqual([]);
    // The cheap run: the pull-request flow is loaded, the evaluation and promptfoo never are.
    const loaded = readFileSync(imports, 'utf8').split('\n');
    expect(loaded.some((u) => u.endsWith('/src/pr/flow.ts'))).toBe(true);
    expect(loaded.filter((u) => u.endsWith('/src/run/evaluate.ts') || u.includes('/node_modules/promptfoo/'))).toEqual([]);
    expect(r.stderr).not.toMatch(/evaluating/);
  });

  it('a pull request whose variant changed without a version bump: exit 2, and the comment says why', async () => {
    git(['checkout', '--quiet', '-b', 'unbumped', 'main']);
    const file = path.join(repo, VARIANTS, 'v1.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('Everything else.', 'Everything else, such as billing.'));
    git(['commit', '--quiet', '-am', 'v1: mention billing']);

    const r = await runPr(11);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/labelgate pr: prompts\/docs-router\/v1\.yaml: content changed but version 1\.0\.0 did not/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const [comment] = ours(11);
    expect(comment!.body).toMatch(/^<!-- labelgate:eval-diff -->\n## labelgate: ❌ this pull request could not be evaluated/);
    expect(comment!.body).toContain('prompts/docs-router/v1.yaml: content changed but version 1.0.0 did not');
    expect(git(['worktree', 'list']).split('\n')).toHaveLength(1);
  });

  it('a pull request on a dataset with hostile rows: its cases on the comment as text, nothing that links, mentions or runs', async () => {
    // The merge base adds the hostile fixture's rows to the dataset; the pull request then teaches v3
    // to call their questions "other", so those rows change prediction and the comment lists them.
    git(['checkout', '--quiet', '-b', 'hostile', 'main']);
    const hostileRows = readFileSync(path.join(HOSTILE_DIR, 'dataset.jsonl'), 'utf8');
    const dataset = path.join(repo, 'datasets/docs-assistant.jsonl');
    writeFileSync(dataset, readFileSync(dataset, 'utf8') + hostileRows);
    git(['commit', '--quiet', '-am', 'data: rows from a contributor']);
    const base = git(['rev-parse', 'HEAD']).trim();
    const queries = hostileRows.trim().split('\n').map((l) => (JSON.parse(l) as { query: string }).query);
    editVariant('v3', (doc) => {
      doc.version = '3.2.0';
      doc.changelog = 'Contributor questions are other.';
      const examples = label(doc, 'other').examples as { positive: string[] };
      examples.positive.push(...queries);
    });
    git(['commit', '--quiet', '-am', 'v3: contributor questions are other']);

    // A key in the environment (it must show nowhere); the offline backend, as this machine has no network.
    const r = await runPr(12, { extraArgs: ['--base', base, '--backend', 'offline'], env: { OPENAI_API_KEY: HOSTILE_SECRET } });
    expect([0, 1], r.stderr).toContain(r.code);
    const [comment] = ours(12);
    const body = comment!.body;
    // Hostile rows changed prediction, and the comment shows them, escaped.
    const hostileIds = new Set(hostileRows.trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id));
    const v3 = (side: string) => readReport(path.join(repo, `reports/pr/${side}.json`)).variants.find((v) => v.name === 'v3')!;
    const before = new Map(v3('base').cases.map((c) => [c.id, c.prediction]));
    const changed = v3('head').cases.filter((c) => hostileIds.has(c.id) && before.get(c.id) !== c.prediction);
    expect(changed.length).toBeGreaterThan(0);
    // Each is listed under its id: a plain id as written, the others as their escaped forms (by hand).
    const shownId: Record<string, string> = {
      '{{ env.OPENAI_API_KEY }}': '<code>{{ env.OPENAI\\_API\\_KEY }}</code>',
      '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef': '<code>0123456789abcdef0123456789abcdef0123456…</code>',
    };
    for (const c of changed) expect(body, c.id).toContain(shownId[c.id] ?? `<code>${c.id}</code>`);
    // The question of the row named by a commit hash, with its hash and link made inert.
    if (changed.some((c) => c.id === 'a5c3785ed8d6a35868bc169f07e40e889087fd2e')) expect(body).toContain('a5c378\u200b5ed8d6\u200ba35868\u200bbc169f\u200b07e40e\u200b889087\u200bfd2e \\[link\\](https&#58;//evil.example)');
    expect(activeMarkdown(body, ['[this run](https://github.example/acme/docs-router/actions/runs/4242)'])).toEqual([]);
    for (const text of [body, r.stdout, r.stderr, r.summary]) {
      expect(text).not.toContain(HOSTILE_SECRET);
      for (const e of EVALUATED) expect(text, e).not.toContain(e);
    }
    expect(activeTerminal(`${r.stdout}${r.stderr}`)).toEqual([]);
  });

  it('never prints the token', () => {
    expect(outputs.length).toBeGreaterThanOrEqual(6);
    for (const o of outputs) expect(`${o.stdout}${o.stderr}${o.summary}`).not.toContain(TOKEN);
  });
});
