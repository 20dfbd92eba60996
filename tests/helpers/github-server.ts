import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake of GitHub's REST API for issue comments: a real `node:http` server on loopback that lists
 * comments page by page with `Link` headers (as GitHub does, `per_page` at most 100), creates and
 * updates them, and checks the bearer token. Every request is recorded.
 */

export interface FakeComment {
  id: number;
  body: string;
  user: { login: string; type: 'User' | 'Bot' };
  html_url: string;
  created_at: string;
  updated_at: string;
}

export interface GitHubRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body?: { body?: string };
}

export interface GitHubServerOptions {
  /** The token the server accepts (`Authorization: Bearer <token>`). */
  token: string;
  /** `owner/name`. */
  repository: string;
  /** Answer 403 to creating and updating, as GitHub does for a fork's read-only token. */
  readOnly?: boolean;
  /** Default page size when the client sends no `per_page` (GitHub's is 30). */
  defaultPerPage?: number;
}

export interface GitHubServer {
  /** Base URL, as `GITHUB_API_URL`. */
  url: string;
  requests: GitHubRequest[];
  /** Comments of an issue, oldest first. */
  comments(issue: number): FakeComment[];
  /** Adds comments to an issue as if people had written them. */
  seed(issue: number, bodies: string[], user?: FakeComment['user']): void;
  setReadOnly(readOnly: boolean): void;
  close(): Promise<void>;
}

export async function startGitHubServer(options: GitHubServerOptions): Promise<GitHubServer> {
  const requests: GitHubRequest[] = [];
  const issues = new Map<number, FakeComment[]>();
  let nextId = 1000;
  let readOnly = options.readOnly ?? false;
  let base = '';
  const commentsOf = (issue: number) => {
    let list = issues.get(issue);
    if (!list) issues.set(issue, (list = []));
    return list;
  };
  const make = (issue: number, body: string, user: FakeComment['user']): FakeComment => {
    const id = nextId++;
    const now = new Date().toISOString();
    return { id, body, user, html_url: `https://github.example/${options.repository}/pull/${issue}#issuecomment-${id}`, created_at: now, updated_at: now };
  };

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', base);
    const text = Buffer.concat(chunks).toString('utf8');
    const record: GitHubRequest = { method: req.method ?? '', path: url.pathname, query: url.searchParams, headers: req.headers };
    if (text) {
      try {
        record.body = JSON.parse(text) as { body?: string };
      } catch {
        // left undefined: answered 400 below
      }
    }
    requests.push(record);
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(payload));
    };

    if (req.headers.authorization !== `Bearer ${options.token}`) return send(401, { message: 'Bad credentials' });
    const prefix = `/repos/${options.repository}/issues/`;
    if (!url.pathname.startsWith(prefix)) return send(404, { message: 'Not Found' });
    const rest = url.pathname.slice(prefix.length);

    const list = /^(\d+)\/comments$/.exec(rest);
    if (list && req.method === 'GET') {
      const all = commentsOf(Number(list[1]));
      const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? options.defaultPerPage ?? 30)));
      const page = Math.max(1, Number(url.searchParams.get('page') ?? 1));
      const last = Math.max(1, Math.ceil(all.length / perPage));
      const link = (p: number) => {
        const u = new URL(url);
        u.searchParams.set('per_page', String(perPage));
        u.searchParams.set('page', String(p));
        return u.toString();
      };
      const rels: string[] = [];
      if (page < last) rels.push(`<${link(page + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`);
      if (page > 1) rels.push(`<${link(1)}>; rel="first"`, `<${link(page - 1)}>; rel="prev"`);
      return send(200, all.slice((page - 1) * perPage, page * perPage), rels.length > 0 ? { link: rels.join(', ') } : {});
    }
    if (list && req.method === 'POST') {
      if (readOnly) return send(403, { message: 'Resource not accessible by integration' });
      if (typeof record.body?.body !== 'string') return send(422, { message: 'Validation Failed' });
      const comment = make(Number(list[1]), record.body.body, { login: 'github-actions[bot]', type: 'Bot' });
      commentsOf(Number(list[1])).push(comment);
      return send(201, comment);
    }
    const one = /^comments\/(\d+)$/.exec(rest);
    if (one && req.method === 'PATCH') {
      if (readOnly) return send(403, { message: 'Resource not accessible by integration' });
      const comment = [...issues.values()].flat().find((c) => c.id === Number(one[1]));
      if (!comment) return send(404, { message: 'Not Found' });
      if (typeof record.body?.body !== 'string') return send(422, { message: 'Validation Failed' });
      comment.body = record.body.body;
      comment.updated_at = new Date().toISOString();
      return send(200, comment);
    }
    return send(404, { message: 'Not Found' });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    requests,
    comments: (issue) => commentsOf(issue),
    seed(issue, bodies, user = { login: 'octocat', type: 'User' }) {
      for (const body of bodies) commentsOf(issue).push(make(issue, body, user));
    },
    setReadOnly(value) {
      readOnly = value;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
