import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseBackend } from '../../src/pr/backend.ts';
import { DEFAULT_API_URL, githubContext } from '../../src/pr/context.ts';
import { projectRelevantPaths } from '../../src/pr/flow.ts';
import { relevantChanges, relevantPaths } from '../../src/pr/relevant.ts';
import { loadProjectConfig } from '../../src/run/config.ts';
import { resolveRunOptions } from '../../src/run/options.ts';
import { ROOT } from '../helpers/cli.ts';
import { tmpDir } from '../helpers/tmp.ts';

function event(payload: unknown): string {
  const file = path.join(tmpDir(), 'event.json');
  writeFileSync(file, JSON.stringify(payload));
  return file;
}

describe('githubContext', () => {
  it('is empty locally, with GitHub’s API as the default', () => {
    expect(githubContext({})).toEqual({ apiUrl: DEFAULT_API_URL, fork: false });
  });

  it('reads what Actions provides: token, repository, API URL, step summary, run URL and the pull request', () => {
    const ctx = githubContext({
      GITHUB_TOKEN: 't',
      GITHUB_REPOSITORY: 'acme/router',
      GITHUB_API_URL: 'http://127.0.0.1:9/',
      GITHUB_STEP_SUMMARY: '/tmp/summary',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_RUN_ID: '17',
      GITHUB_EVENT_PATH: event({ pull_request: { number: 5, base: { sha: 'a'.repeat(40), repo: { full_name: 'acme/router' } }, head: { repo: { full_name: 'acme/router', fork: false } } } }),
    });
    expect(ctx).toEqual({
      token: 't',
      repository: 'acme/router',
      apiUrl: 'http://127.0.0.1:9',
      stepSummary: '/tmp/summary',
      runUrl: 'https://github.com/acme/router/actions/runs/17',
      pullNumber: 5,
      baseSha: 'a'.repeat(40),
      fork: false,
    });
  });

  it('knows a fork: another repository, or one deleted since', () => {
    const pr = (head: unknown) => ({ pull_request: { number: 1, base: { repo: { full_name: 'acme/router' } }, head: { repo: head } } });
    expect(githubContext({ GITHUB_EVENT_PATH: event(pr({ full_name: 'someone/router', fork: true })) }).fork).toBe(true);
    expect(githubContext({ GITHUB_EVENT_PATH: event(pr(null)) }).fork).toBe(true);
    // A fork's own pull request, within the fork: its token can write.
    expect(githubContext({ GITHUB_EVENT_PATH: event(pr({ full_name: 'acme/router', fork: true })) }).fork).toBe(false);
  });

  it('a push event has no pull request; a broken event file is bad input', () => {
    expect(githubContext({ GITHUB_EVENT_PATH: event({ ref: 'refs/heads/main' }) }).pullNumber).toBeUndefined();
    expect(() => githubContext({ GITHUB_EVENT_PATH: event({ pull_request: { number: 'seven' } }) })).toThrow(/pull_request\.number/);
    expect(() => githubContext({ GITHUB_EVENT_PATH: '/nonexistent/event.json' })).toThrow(/ENOENT/);
  });
});

describe('relevance from the project config', () => {
  const sources = { variants: ['prompts'], dataset: 'datasets/tickets.jsonl', lockFile: 'prompts/variants.lock.json', gateConfig: 'labelgate.gate.yaml', projectConfig: 'labelgate.config.yaml' };

  it('a user project: its variants, dataset, configs and package files count; its app code does not', () => {
    const paths = relevantPaths(sources);
    expect(paths).toEqual(['prompts', 'datasets/tickets.jsonl', 'prompts/variants.lock.json', 'labelgate.gate.yaml', 'labelgate.config.yaml', 'promptfooconfig.yaml', 'package.json', 'package-lock.json']);
    const files = ['README.md', 'src/app/server.ts', 'providers/x.ts', 'bin/cli.js', 'prompts/router/v2.yaml', 'datasets/tickets.jsonl', 'datasets/other.jsonl', 'labelgate.gate.yaml', 'labelgate.config.yaml', 'promptfooconfig.yaml', 'package-lock.json', 'labelgate.gate.yaml.bak', 'prompts.md'];
    expect(relevantChanges(files, paths)).toEqual(['prompts/router/v2.yaml', 'datasets/tickets.jsonl', 'labelgate.gate.yaml', 'labelgate.config.yaml', 'promptfooconfig.yaml', 'package-lock.json']);
  });

  it('the classifier module and its imports, the config\'s extra paths, configs named on the command line', () => {
    const paths = relevantPaths({ ...sources, gateConfig: 'ci/gate.yaml', projectConfig: './ci/labelgate.yaml', classifierFiles: ['./src/router.ts', 'src/rules/index.ts'], extra: ['src/retrieval/', 'data/synonyms.txt', '../outside', '/abs'] });
    const files = ['src/router.ts', 'src/rules/index.ts', 'src/app/server.ts', 'src/retrieval/index.ts', 'data/synonyms.txt', 'ci/gate.yaml', 'ci/labelgate.yaml', 'labelgate.gate.yaml'];
    expect(relevantChanges(files, paths)).toEqual(['src/router.ts', 'src/rules/index.ts', 'src/retrieval/index.ts', 'data/synonyms.txt', 'ci/gate.yaml', 'ci/labelgate.yaml']);
    expect(paths).not.toContain('../outside');
    expect(paths).not.toContain('/abs');
  });

  it('this repository keeps its own behaviour through its labelgate.config.yaml', () => {
    const project = loadProjectConfig(path.join(ROOT, 'labelgate.config.yaml'));
    const paths = projectRelevantPaths(resolveRunOptions({}, project), project, {});
    const files = ['README.md', 'docs/gate.md', 'prompts/docs-router/v3.yaml', 'datasets/x.jsonl', 'providers/labelgate.ts', 'src/pr/flow.ts', 'bin/labelgate.js', 'promptfooconfig.yaml', 'labelgate.gate.yaml', 'package-lock.json', 'tests/pr/flow.test.ts', 'labelgate.gate.yaml.bak'];
    expect(relevantChanges(files, paths)).toEqual(['prompts/docs-router/v3.yaml', 'datasets/x.jsonl', 'providers/labelgate.ts', 'src/pr/flow.ts', 'bin/labelgate.js', 'promptfooconfig.yaml', 'labelgate.gate.yaml', 'package-lock.json']);
  });

  it('a module classifier brings the local files it imports, read from the working tree', () => {
    const dir = tmpDir({ 'src/router.ts': "import { rules } from './rules/index.js';\nexport const classify = () => rules[0];\n", 'src/rules/index.ts': 'export const rules = ["a"];\n', 'src/app.ts': '' });
    const resolved = resolveRunOptions({ classifier: 'src/router.ts#classify' }, {});
    expect(relevantChanges(['src/router.ts', 'src/rules/index.ts', 'src/app.ts'], projectRelevantPaths(resolved, {}, {}, dir))).toEqual(['src/router.ts', 'src/rules/index.ts']);
    // A deleted module still counts by its own path.
    const gone = resolveRunOptions({ classifier: 'src/gone.ts' }, {});
    expect(relevantChanges(['src/gone.ts'], projectRelevantPaths(gone, {}, {}, dir))).toEqual(['src/gone.ts']);
  });
});

describe('chooseBackend', () => {
  it('an explicit flag wins', () => {
    expect(chooseBackend('replay', 'openai', true, false)).toEqual({ backend: 'replay' });
  });
  it('openai with the key, offline without it, and the comment says why when a model was expected', () => {
    expect(chooseBackend(undefined, undefined, true, false)).toEqual({ backend: 'openai' });
    expect(chooseBackend(undefined, undefined, false, false)).toEqual({ backend: 'offline' });
    expect(chooseBackend(undefined, 'openai', false, false).note).toMatch(/^No OPENAI_API_KEY: both sides ran on the offline backend/);
    expect(chooseBackend(undefined, undefined, false, true)).toEqual({ backend: 'offline', note: expect.stringContaining('a pull request from a fork gets no secrets') });
  });
  it('a project that chose offline stays offline, key or not', () => {
    expect(chooseBackend(undefined, 'offline', true, false)).toEqual({ backend: 'offline' });
  });
});
