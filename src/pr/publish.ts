import { appendFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../core/files.ts';
import { writeReport } from '../report/io.ts';
import type { Report } from '../report/schema.ts';
import { MARKER } from './comment.ts';
import type { GitHubContext } from './context.ts';
import { createGitHubClient, GitHubApiError, upsertStickyComment, type StickyResult } from './github.ts';

/** What one run leaves in its output folder; a file left by an earlier run must not pass for this run's. */
export const OUT_FILES = ['head.json', 'base.json', 'gate.json', 'comment.md'] as const;
export type OutFile = (typeof OUT_FILES)[number];

export interface PublishOptions {
  outDir: string;
  context: GitHubContext;
  /** Post or update the sticky comment when a token and a pull request are known. */
  comment: boolean;
  log: (line: string) => void;
  warn: (message: string) => void;
}

/**
 * Where a pull-request run's results go: files in the output folder, the job's step summary, and
 * the pull request's one sticky comment. A failure to comment is a warning, never a lost result:
 * the step summary and the files have it.
 */
export interface Publisher {
  /** The files written so far. */
  files: string[];
  write(name: OutFile, text: string): void;
  writeReport(name: 'head.json' | 'base.json', report: Report): void;
  /** Writes comment.md, appends the body to the step summary, and creates or updates the comment. */
  publish(body: string, onlyUpdate: boolean): Promise<StickyResult | undefined>;
}

export function openPublisher(o: PublishOptions): Publisher {
  mkdirSync(o.outDir, { recursive: true });
  for (const f of OUT_FILES) rmSync(path.join(o.outDir, f), { force: true });
  const files: string[] = [];
  const target = (name: OutFile) => {
    const file = path.join(o.outDir, name);
    files.push(file);
    return file;
  };
  const { context } = o;
  const publisher: Publisher = {
    files,
    write: (name, text) => writeFileAtomic(target(name), text),
    writeReport: (name, report) => writeReport(target(name), report),
    async publish(body, onlyUpdate) {
      publisher.write('comment.md', body);
      if (context.stepSummary) {
        try {
          appendFileSync(context.stepSummary, `${body}\n`);
        } catch (e) {
          o.warn(`cannot write the step summary (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
        }
      }
      if (!o.comment) return undefined;
      if (!context.token || !context.repository || context.pullNumber === undefined) {
        if (context.pullNumber !== undefined) o.warn('no GITHUB_TOKEN or GITHUB_REPOSITORY: not commenting on the pull request');
        return undefined;
      }
      const client = createGitHubClient({ apiUrl: context.apiUrl, token: context.token, repository: context.repository });
      try {
        const result = await upsertStickyComment(client, context.pullNumber, MARKER, body, onlyUpdate);
        if (result) o.log(`${result.action} the pull request's labelgate comment${result.url ? `: ${result.url}` : ''}`);
        return result;
      } catch (e) {
        if (!(e instanceof GitHubApiError)) throw e;
        const readOnly = e.status === 403 || e.status === 404;
        o.warn(
          readOnly
            ? `cannot comment on the pull request (${e.status}${context.fork ? ', a pull request from a fork gets a read-only token' : ', the token may lack pull-requests: write'}); the step summary has the result. ${e.message}`
            : `cannot comment on the pull request; the step summary has the result. ${e.message}`,
        );
        return undefined;
      }
    },
  };
  return publisher;
}
