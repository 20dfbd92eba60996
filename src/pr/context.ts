import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { schemaError, UserError } from '../core/errors.ts';

/** What the flow learns from the environment, as GitHub Actions provides it. Everything is optional locally. */
export interface GitHubContext {
  /** Never printed, never part of an error. */
  token?: string;
  /** `owner/name`. */
  repository?: string;
  apiUrl: string;
  pullNumber?: number;
  baseSha?: string;
  /** The pull request comes from a fork: a read-only token and no secrets. */
  fork: boolean;
  stepSummary?: string;
  /** The workflow run's page (its artifacts hold the reports). */
  runUrl?: string;
}

export const DEFAULT_API_URL = 'https://api.github.com';

const Repo = z.object({ fork: z.boolean(), full_name: z.string() }).partial();

/** The parts of `GITHUB_EVENT_PATH`'s payload the flow reads; the rest of the event is ignored. */
const EventSchema = z.object({
  pull_request: z
    .object({
      number: z.number().int().positive(),
      base: z.object({ sha: z.string().regex(/^[0-9a-f]{7,64}$/i), repo: Repo.nullable() }).partial().optional(),
      head: z.object({ repo: Repo.nullable() }).partial().optional(),
    })
    .optional(),
});

const nonEmpty = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v);

export function githubContext(env: NodeJS.ProcessEnv = process.env): GitHubContext {
  const context: GitHubContext = { apiUrl: (nonEmpty(env.GITHUB_API_URL) ?? DEFAULT_API_URL).replace(/\/+$/, ''), fork: false };
  const token = nonEmpty(env.GITHUB_TOKEN) ?? nonEmpty(env.GH_TOKEN);
  if (token) context.token = token;
  const repository = nonEmpty(env.GITHUB_REPOSITORY);
  if (repository) {
    if (!/^[\w.-]+\/[\w.-]+$/.test(repository)) throw new UserError(`GITHUB_REPOSITORY must be owner/name (got "${repository}")`);
    context.repository = repository;
  }
  const summary = nonEmpty(env.GITHUB_STEP_SUMMARY);
  if (summary) context.stepSummary = summary;
  const server = nonEmpty(env.GITHUB_SERVER_URL);
  const runId = nonEmpty(env.GITHUB_RUN_ID);
  if (server && repository && runId && /^\d+$/.test(runId) && /^https?:\/\/[^\s()<>]+$/.test(server)) {
    context.runUrl = `${server.replace(/\/+$/, '')}/${repository}/actions/runs/${runId}`;
  }
  const eventPath = nonEmpty(env.GITHUB_EVENT_PATH);
  if (eventPath) {
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(eventPath, 'utf8'));
    } catch (e) {
      throw new UserError(`cannot read the GitHub event (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, eventPath);
    }
    const event = EventSchema.safeParse(data);
    if (!event.success) throw schemaError(event.error, eventPath, { what: 'not a pull-request event' });
    const pr = event.data.pull_request;
    if (pr) {
      context.pullNumber = pr.number;
      if (pr.base?.sha) context.baseSha = pr.base.sha;
      // A fork's own pull requests (head and base in the fork) have a writable token; only another repository's do not.
      const head = pr.head?.repo;
      const base = pr.base?.repo;
      // A deleted fork leaves `head.repo` null.
      context.fork = head === null || (head?.full_name && base?.full_name ? head.full_name !== base.full_name : head?.fork === true);
    }
  }
  return context;
}
