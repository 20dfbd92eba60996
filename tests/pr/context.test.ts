import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseBackend } from '../../src/pr/backend.ts';
import { DEFAULT_API_URL, githubContext } from '../../src/pr/context.ts';
import { relevantChanges } from '../../src/pr/relevant.ts';
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

describe('relevantChanges', () => {
  it('keeps prompts, data, code and configuration, drops the rest', () => {
    const files = ['README.md', 'docs/gate.md', 'prompts/docs-router/v3.yaml', 'datasets/x.jsonl', 'providers/labelgate.ts', 'src/pr/flow.ts', 'promptfooconfig.yaml', 'labelgate.gate.yaml', 'package-lock.json', 'tests/pr/flow.test.ts', 'labelgate.gate.yaml.bak'];
    expect(relevantChanges(files)).toEqual(['prompts/docs-router/v3.yaml', 'datasets/x.jsonl', 'providers/labelgate.ts', 'src/pr/flow.ts', 'promptfooconfig.yaml', 'labelgate.gate.yaml', 'package-lock.json']);
  });

  it('adds the folders and files the project config points at', () => {
    expect(relevantChanges(['data/gold.jsonl', 'router/v1.yaml', 'other/x'], ['./data/gold.jsonl', 'router'])).toEqual(['data/gold.jsonl', 'router/v1.yaml']);
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
