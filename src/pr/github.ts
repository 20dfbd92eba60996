/**
 * A small client for the three GitHub REST calls the sticky comment needs, on `fetch`. The token
 * goes into the Authorization header and nowhere else: errors name the method, the path, the status
 * and GitHub's own message, never a header.
 */

export interface IssueComment {
  id: number;
  body?: string | null;
  html_url?: string;
  user?: { login?: string; type?: string } | null;
}

export class GitHubApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'GitHubApiError';
  }
}

export interface GitHubClientOptions {
  apiUrl: string;
  token: string;
  /** `owner/name`. */
  repository: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Base delay before retrying a GET or PATCH that met a 5xx, a 429 or a dropped connection. */
  retryDelayMs?: number;
}

export interface GitHubClient {
  listIssueComments(issue: number): Promise<IssueComment[]>;
  createIssueComment(issue: number, body: string): Promise<IssueComment>;
  updateIssueComment(id: number, body: string): Promise<IssueComment>;
}

/** Pages are followed to the end, but not forever (100 pages of 100 is 10,000 comments). */
const MAX_PAGES = 100;
const RETRIES = 2;

/** The `rel="next"` target of a `Link` header, if any. */
export function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const m = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (!m) continue;
    const rel = /\brel\s*=\s*"?([^";]*)/.exec(m[2]!);
    if (rel && rel[1]!.trim().split(/\s+/).includes('next')) return m[1];
  }
  return undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const api = new URL(options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/`);
  const doFetch = options.fetch ?? fetch;
  const repo = options.repository.split('/').map(encodeURIComponent).join('/');

  async function request<T>(method: 'GET' | 'POST' | 'PATCH', target: string | URL, body?: unknown): Promise<{ data: T; link: string | null }> {
    const url = typeof target === 'string' ? new URL(target.replace(/^\//, ''), api) : target;
    // The token is only ever sent to the API's own origin, whatever a Link header points at.
    if (url.origin !== api.origin) throw new GitHubApiError(0, `GitHub API ${method} ${url.pathname}: refusing to follow a link to another origin`);
    const where = `GitHub API ${method} ${url.pathname}`;
    const idempotent = method !== 'POST';
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await doFetch(url, {
          method,
          headers: {
            accept: 'application/vnd.github+json',
            authorization: `Bearer ${options.token}`,
            'x-github-api-version': '2022-11-28',
            'user-agent': 'labelgate',
            ...(body !== undefined && { 'content-type': 'application/json' }),
          },
          ...(body !== undefined && { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
        });
      } catch (e) {
        // A POST may have been applied before the connection dropped: retrying it could post twice.
        if (idempotent && attempt < RETRIES) {
          await sleep((options.retryDelayMs ?? 1000) * 2 ** attempt);
          continue;
        }
        const cause = (e as Error).name === 'TimeoutError' ? 'timed out' : `${(e as { cause?: { code?: string } }).cause?.code ?? (e as Error).name}`;
        throw new GitHubApiError(0, `${where}: no response (${cause})`);
      }
      if (response.ok) return { data: (await response.json()) as T, link: response.headers.get('link') };
      const retryable = response.status === 429 || response.status >= 500;
      if (retryable && idempotent && attempt < RETRIES) {
        await response.body?.cancel();
        await sleep((options.retryDelayMs ?? 1000) * 2 ** attempt);
        continue;
      }
      throw new GitHubApiError(response.status, `${where}: ${response.status} ${response.statusText}${await apiMessage(response)}`.trimEnd());
    }
  }

  return {
    async listIssueComments(issue) {
      const comments: IssueComment[] = [];
      let next: URL | undefined = new URL(`repos/${repo}/issues/${issue}/comments?per_page=100`, api);
      for (let page = 0; next && page < MAX_PAGES; page++) {
        const { data, link }: { data: IssueComment[]; link: string | null } = await request<IssueComment[]>('GET', next);
        if (!Array.isArray(data)) throw new GitHubApiError(0, `GitHub API GET ${next.pathname}: expected a list of comments`);
        comments.push(...data);
        const target = nextLink(link);
        next = target === undefined ? undefined : new URL(target, api);
      }
      return comments;
    },
    async createIssueComment(issue, body) {
      return (await request<IssueComment>('POST', `repos/${repo}/issues/${issue}/comments`, { body })).data;
    },
    async updateIssueComment(id, body) {
      return (await request<IssueComment>('PATCH', `repos/${repo}/issues/comments/${id}`, { body })).data;
    },
  };
}

/** GitHub's `message` from an error body, short and on one line; nothing else of the response. */
async function apiMessage(response: Response): Promise<string> {
  try {
    const data = (await response.json()) as { message?: unknown };
    if (typeof data.message !== 'string') return '';
    return `: ${data.message.replace(/\s+/g, ' ').slice(0, 200)}`;
  } catch {
    return '';
  }
}

/**
 * The sticky comment among a pull request's comments: one whose body starts with the marker (a reply
 * quoting it starts with `>` and is not it). A bot's is preferred over a person's copy, then the oldest.
 */
export function findStickyComment(comments: readonly IssueComment[], marker: string): IssueComment | undefined {
  const marked = comments.filter((c) => (c.body ?? '').trimStart().startsWith(marker));
  return marked.find((c) => c.user?.type === 'Bot') ?? marked[0];
}

export interface StickyResult {
  action: 'created' | 'updated';
  id: number;
  url?: string;
}

/** Creates the pull request's one labelgate comment, or updates it in place if it exists. */
export async function upsertStickyComment(client: GitHubClient, issue: number, marker: string, body: string, onlyUpdate = false): Promise<StickyResult | undefined> {
  const existing = findStickyComment(await client.listIssueComments(issue), marker);
  if (existing) {
    const updated = await client.updateIssueComment(existing.id, body);
    return { action: 'updated', id: existing.id, ...(updated.html_url !== undefined && { url: updated.html_url }) };
  }
  if (onlyUpdate) return undefined;
  const created = await client.createIssueComment(issue, body);
  return { action: 'created', id: created.id, ...(created.html_url !== undefined && { url: created.html_url }) };
}
