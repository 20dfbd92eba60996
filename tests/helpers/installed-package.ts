import { spawnSync } from 'node:child_process';
import { copyFileSync, linkSync, mkdirSync, readdirSync, readlinkSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './cli.ts';

/**
 * labelgate as a user gets it: `npm pack` (whose prepack compiles dist/), then the tarball installed
 * by npm into a fresh git repository outside this one, with no network.
 *
 * npm finds every dependency already in the project's node_modules, a copy of this checkout's made of
 * hard links (real copies across file systems), so `npm install --offline` only unpacks the tarball,
 * links its bin and prunes what labelgate does not need. Hard links share file contents, so nothing
 * here may write into a copied file: npm's hidden lockfile, the one file npm rewrites, is left out,
 * and so are tools' caches.
 */

/**
 * npm's settings for every call here: offline, quiet, and a cache of its own instead of the user's.
 * The variables npm gives the scripts it runs (`npm test` runs this) are removed: they name this
 * checkout as the project (`npm_config_local_prefix`, `npm_package_*`), which a user's shell does not.
 */
export function npmEnv(cache: string): Record<string, string | undefined> {
  const fromScript = Object.keys(process.env).filter((k) => /^npm_/i.test(k) || k === 'INIT_CWD');
  return {
    ...Object.fromEntries(fromScript.map((k) => [k, undefined])),
    npm_config_offline: 'true',
    npm_config_cache: cache,
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    npm_config_loglevel: 'error',
  };
}

function run(cmd: string, args: string[], cwd: string, env: Record<string, string | undefined> = {}): string {
  const r = spawnSync(cmd, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited ${r.status}: ${r.stderr || r.error?.message}`);
  return r.stdout;
}

/** `npm pack` of this checkout into `dest` (prepack builds dist/ first); the tarball's path. */
export function packLabelgate(dest: string, cache: string): string {
  mkdirSync(dest, { recursive: true });
  const out = run('npm', ['pack', '--pack-destination', dest, '--json'], ROOT, npmEnv(cache));
  // npm prints the build's output before the JSON array of what it packed.
  const [packed] = JSON.parse(out.slice(out.indexOf('\n[') + 1)) as { filename: string }[];
  return path.join(dest, packed!.filename);
}

const SKIPPED = new Set(['.package-lock.json', '.cache', '.vite', '.vite-temp']);

/** `from` into `to`: directories made, files hard-linked (copied when linking is refused), symlinks recreated. */
function linkTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name)) continue;
    const [src, dst] = [path.join(from, entry.name), path.join(to, entry.name)];
    if (entry.isSymbolicLink()) symlinkSync(readlinkSync(src), dst);
    else if (entry.isDirectory()) linkTree(src, dst);
    else {
      try {
        linkSync(src, dst);
      } catch {
        copyFileSync(src, dst);
      }
    }
  }
}

/** A new git repository at `dir` with a package.json as `npm init` writes it (CommonJS) and node_modules ignored. */
export function freshProject(dir: string, name = 'ticket-router'): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name, version: '1.0.0', private: true, type: 'commonjs' }, null, 2)}\n`);
  writeFileSync(path.join(dir, '.gitignore'), 'node_modules/\n');
  run('git', ['init', '--quiet', '--initial-branch=main'], dir);
}

/**
 * Packages in `modules` that are links to folders elsewhere. npm manages a linked package in place
 * (runs its `prepare`, retires and prunes what a linked scope folder holds), so a project whose
 * node_modules copied such links would have npm change the tree they lead to.
 */
function linkedPackages(modules: string): string[] {
  const linked: string[] = [];
  for (const entry of readdirSync(modules, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    if (entry.isSymbolicLink()) linked.push(entry.name);
    else if (entry.isDirectory() && entry.name.startsWith('@')) {
      linked.push(...readdirSync(path.join(modules, entry.name), { withFileTypes: true }).filter((e) => e.isSymbolicLink()).map((e) => `${entry.name}/${e.name}`));
    }
  }
  return linked;
}

/** `npm install --save-dev <tarball>` in `project`, offline, with the dependencies taken from this checkout. */
export function installLabelgate(project: string, tarball: string, cache: string): void {
  const modules = realpathSync(path.join(ROOT, 'node_modules'));
  const linked = linkedPackages(modules);
  if (linked.length > 0) throw new Error(`${modules} links ${linked.slice(0, 3).join(', ')}${linked.length > 3 ? ` and ${linked.length - 3} more` : ''} to folders elsewhere; the package test needs the dependencies as an npm tree (scripts/promptfoo-line.sh makes one)`);
  linkTree(modules, path.join(project, 'node_modules'));
  run('npm', ['install', '--save-dev', tarball], project, npmEnv(cache));
}
