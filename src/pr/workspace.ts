import path from 'node:path';
import type { Report } from '../report/schema.ts';
import { addWorktree, type Worktree } from './git.ts';

/**
 * Where each side of a pull request is evaluated: the working tree, or a temporary git worktree of
 * a commit. Paths and messages from a worktree are mapped back to the repository's own names, and
 * the worktrees are removed however the run ends (Ctrl-C or a cancelled CI job included).
 */

/** A repository-relative path of a run's checkout, placed in `dir` (absolute paths stay as they are). */
export const inTree = (dir: string | undefined, p: string): string => (dir === undefined || path.isAbsolute(p) ? p : path.join(dir, p));

/** A message about a file in a worktree, naming it as the repository does. */
export const unTree = (text: string, dir: string | undefined): string => (dir === undefined ? text : text.split(`${dir}${path.sep}`).join(''));

/** A report made in a worktree names its files as they are named in the repository, like the head's. */
export function relocate(report: Report, dir: string): Report {
  const rel = (p: string) => {
    const r = path.relative(dir, path.resolve(p));
    return r.startsWith('..') || path.isAbsolute(r) ? p : r.split(path.sep).join('/');
  };
  return {
    ...report,
    dataset: { ...report.dataset, path: rel(report.dataset.path) },
    variants: report.variants.map((v) => (v.path === undefined ? v : { ...v, path: rel(v.path) })),
  };
}

export interface Workspace {
  /** A checkout of `commit`; returns the folder that corresponds to the current directory in it. */
  checkout(commit: string): string;
  /** Removes every checkout and the signal handlers. */
  dispose(): void;
}

/** `prefix`: where the current directory is inside the repository (`''` at the root). */
export function openWorkspace(prefix: string): Workspace {
  const worktrees: Worktree[] = [];
  const removeAll = () => {
    for (const wt of worktrees.splice(0)) wt.remove();
  };
  // Take the temporary checkouts away, then die of the signal as usual.
  const onSignal = (signal: NodeJS.Signals) => {
    removeAll();
    process.kill(process.pid, signal);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  // A Ctrl-C handler that ends the process first (the progress view's) still leaves no checkout behind.
  process.once('exit', removeAll);
  return {
    checkout(commit) {
      const wt = addWorktree(commit);
      worktrees.push(wt);
      return path.join(wt.dir, prefix);
    },
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.off('exit', removeAll);
      removeAll();
    },
  };
}
