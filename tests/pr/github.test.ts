import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createGitHubClient, findStickyComment, GitHubApiError, nextLink, upsertStickyComment } from '../../src/pr/github.ts';
import { startGitHubServer, type GitHubServer } from '../helpers/github-server.ts';

const TOKEN = 'ghs_test-token-that-must-never-be-printed';
const REPO = 'acme/router';
const MARKER = '<!-- labelgate:eval-diff -->';

let server: GitHubServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const client = (url: string, token = TOKEN) => createGitHubClient({ apiUrl: url, token, repository: REPO, retryDelayMs: 1 });

describe('nextLink', () => {
  it('finds rel="next" among the relations GitHub sends', () => {
    const header = '<https://api.github.com/repositories/1/issues/7/comments?per_page=100&page=2>; rel="next", <https://api.github.com/repositories/1/issues/7/comments?per_page=100&page=5>; rel="last"';
    expect(nextLink(header)).toBe('https://api.github.com/repositories/1/issues/7/comments?per_page=100&page=2');
    expect(nextLink('<https://x/?page=1>; rel="prev", <https://x/?page=1>; rel="first"')).toBeUndefined();
    expect(nextLink(null)).toBeUndefined();
  });
});

describe('findStickyComment', () => {
  const c = (id: number, body: string, type = 'User') => ({ id, body, user: { login: `u${id}`, type } });
  it('is the comment that starts with the marker, a bot’s first; a quoting reply is not it', () => {
    expect(findStickyComment([c(1, `> ${MARKER}\n> quoted`), c(2, 'hello')], MARKER)).toBeUndefined();
    expect(findStickyComment([c(1, `${MARKER}\nby hand`), c(2, `${MARKER}\nours`, 'Bot')], MARKER)?.id).toBe(2);
    expect(findStickyComment([c(1, `${MARKER}\nby hand`)], MARKER)?.id).toBe(1);
  });
});

describe('the sticky comment against a GitHub-like server', () => {
  it('lists every page (Link rel="next", per_page=100), creates once, then updates the same comment', async () => {
    server = await startGitHubServer({ token: TOKEN, repository: REPO });
    server.seed(7, Array.from({ length: 150 }, (_, i) => `comment ${i}`));
    const gh = client(server.url);

    expect(await gh.listIssueComments(7)).toHaveLength(150);
    const first = await upsertStickyComment(gh, 7, MARKER, `${MARKER}\nfirst`);
    expect(first?.action).toBe('created');

    // Another 60 comments: the sticky one is now on page 2 of 3 (of 100), and is found there.
    server.seed(7, Array.from({ length: 60 }, (_, i) => `later ${i}`));
    const second = await upsertStickyComment(gh, 7, MARKER, `${MARKER}\nsecond`);
    expect(second).toEqual({ action: 'updated', id: first!.id, url: expect.stringContaining(`#issuecomment-${first!.id}`) });

    const ours = server.comments(7).filter((c) => c.body.startsWith(MARKER));
    expect(ours).toHaveLength(1);
    expect(ours[0]!.body).toBe(`${MARKER}\nsecond`);
    const gets = server.requests.filter((r) => r.method === 'GET');
    expect(gets.every((r) => r.query.get('per_page') === '100')).toBe(true);
    expect(gets.map((r) => r.query.get('page') ?? '1').slice(-3)).toEqual(['1', '2', '3']);
    expect(server.requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}` && r.headers['x-github-api-version'] === '2022-11-28')).toBe(true);
  });

  it('onlyUpdate leaves a pull request without a comment alone', async () => {
    server = await startGitHubServer({ token: TOKEN, repository: REPO });
    expect(await upsertStickyComment(client(server.url), 3, MARKER, `${MARKER}\nx`, true)).toBeUndefined();
    expect(server.comments(3)).toEqual([]);
  });

  it('a read-only token (a fork) is a 403 whose message has neither the token nor a header', async () => {
    server = await startGitHubServer({ token: TOKEN, repository: REPO, readOnly: true });
    const error = await upsertStickyComment(client(server.url), 7, MARKER, 'x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect((error as GitHubApiError).status).toBe(403);
    expect((error as Error).message).toBe('GitHub API POST /repos/acme/router/issues/7/comments: 403 Forbidden: Resource not accessible by integration');
    const bad = await client(server.url, 'wrong-token').listIssueComments(7).catch((e: unknown) => e);
    expect((bad as Error).message).toBe('GitHub API GET /repos/acme/router/issues/7/comments: 401 Unauthorized: Bad credentials');
    expect(String((bad as Error).message)).not.toMatch(/wrong-token|authorization|bearer/i);
  });

  it('retries a GET after a 502 but never re-sends a POST; never follows a link to another origin', async () => {
    let calls = 0;
    let posts = 0;
    const flaky = createServer((req, res) => {
      calls++;
      if (req.method === 'POST') posts++;
      if (req.method === 'GET' && calls === 1) {
        res.writeHead(502).end('bad gateway');
        return;
      }
      if (req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'application/json', link: '<https://evil.example/steal?page=2>; rel="next"' }).end('[]');
        return;
      }
      res.writeHead(503, { 'content-type': 'application/json' }).end('{"message":"try later"}');
    });
    await new Promise<void>((resolve) => flaky.listen(0, '127.0.0.1', resolve));
    try {
      const gh = client(`http://127.0.0.1:${(flaky.address() as AddressInfo).port}`);
      const listed = await gh.listIssueComments(1).catch((e: unknown) => e);
      expect((listed as Error).message).toMatch(/refusing to follow a link to another origin/);
      expect(calls).toBe(2);
      await expect(gh.createIssueComment(1, 'x')).rejects.toThrow('503 Service Unavailable: try later');
      expect(posts).toBe(1);
    } finally {
      flaky.closeAllConnections();
      await new Promise((resolve) => flaky.close(resolve));
    }
  });
});
