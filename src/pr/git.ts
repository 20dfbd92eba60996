import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UserError } from '../core/errors.ts';

/**
 * The few git operations the pull-request flow needs, through the `git` binary (the one a user and
 * the Actions runner already have). Arguments are passed as an array, never through a shell, so a
 * branch name cannot become a command.
 */
export function git(args: string[], cwd = process.cwd()): string {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new UserError(`cannot run git (${(result.error as NodeJS.ErrnoException).code ?? result.error.message})`);
  if (result.status !== 0) {
    const why = (result.stderr || result.stdout).trim().split('\n')[0] ?? '';
    throw new UserError(`git ${args[0]} failed: ${why}`);
  }
  return result.stdout;
}

/** Where `cwd` is inside its repository (`''` at the root, else `sub/dir/`); not in a repository is the user's mistake. */
export function repoPrefix(cwd = process.cwd()): string {
  const result = spawnSync('git', ['rev-parse', '--show-prefix'], { cwd, encoding: 'utf8' });
  if (result.error || result.status !== 0) throw new UserError('not inside a git repository: the pull-request flow compares two commits');
  return result.stdout.trim();
}

/** The commit a ref names; a ref that names no commit is the user's mistake. */
export function resolveCommit(ref: string, cwd = process.cwd()): string {
  const result = spawnSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new UserError(`"${ref}" is not a commit here (in CI, check out with fetch-depth: 0 so the base branch is present)`);
  }
  return result.stdout.trim();
}

/** Whether a ref names a commit, without throwing. */
export function isCommit(ref: string, cwd = process.cwd()): boolean {
  return spawnSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd }).status === 0;
}

export function mergeBase(a: string, b: string, cwd = process.cwd()): string {
  const result = spawnSync('git', ['merge-base', a, b], { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new UserError(`${a} and ${b} have no common ancestor (is the clone shallow? use fetch-depth: 0)`);
  return result.stdout.trim();
}

/**
 * Files that differ between `from` and `to`; without `to`, between `from` and the working tree,
 * new files not yet added included (ignored ones not), so a local run sees edits not yet committed.
 * Paths are relative to `cwd` (and limited to it), so a project in a sub-folder of a repository
 * works as one at its root.
 */
export function changedFiles(from: string, to: string | undefined, cwd = process.cwd()): string[] {
  const split = (out: string) => out.split('\0').filter(Boolean);
  const changed = split(git(['diff', '--name-only', '--no-renames', '--relative', '-z', from, ...(to === undefined ? [] : [to]), '--'], cwd));
  if (to !== undefined) return changed;
  const untracked = split(git(['ls-files', '--others', '--exclude-standard', '-z', '--', '.'], cwd));
  return [...new Set([...changed, ...untracked])];
}

/** A detached checkout of `commit` in a fresh temporary folder; `remove()` takes it away again. */
export interface Worktree {
  dir: string;
  remove(): void;
}

export function addWorktree(commit: string, cwd = process.cwd()): Worktree {
  // Entries of worktrees whose folder is gone (a run that was killed) would otherwise pile up.
  spawnSync('git', ['worktree', 'prune'], { cwd });
  const parent = mkdtempSync(path.join(tmpdir(), 'labelgate-base-'));
  const dir = path.join(parent, 'tree');
  try {
    git(['worktree', 'add', '--detach', '--quiet', dir, commit], cwd);
  } catch (e) {
    rmSync(parent, { recursive: true, force: true });
    throw e;
  }
  return {
    dir,
    remove() {
      spawnSync('git', ['worktree', 'remove', '--force', dir], { cwd });
      rmSync(parent, { recursive: true, force: true });
      spawnSync('git', ['worktree', 'prune'], { cwd });
    },
  };
}
