import { existsSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The labelgate package this code runs from: the nearest folder up that holds bin/labelgate.js (from
 * src/init/ in a checkout; from dist/src/init/ or a chunk in dist/cli/ in the installed package).
 */
function packageRootOf(from: string): string {
  for (let dir = from; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'bin', 'labelgate.js'))) return dir;
  }
  return path.resolve(from, '..', '..');
}
export const PACKAGE_ROOT = packageRootOf(path.dirname(fileURLToPath(import.meta.url)));

const real = (p: string) => (existsSync(p) ? realpathSync(p) : path.resolve(p));

export interface PluginLocation {
  /** The folder promptfooconfig.yaml references the entry points from, relative to the project. */
  dir: string;
  /** The entry points' extension there. */
  ext: '.ts' | '.js';
  /** Said when the project does not have labelgate installed, so promptfoo would not find the plugin yet. */
  warning?: string;
}

function isLabelgateRepo(dir: string): boolean {
  try {
    return (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown }).name === 'labelgate' && existsSync(path.join(dir, 'providers'));
  } catch {
    return false;
  }
}

/**
 * Where a labelgate package keeps the entry points, by the rule bin/labelgate.js starts by: a
 * checkout (its sources present) runs providers/*.ts, the packed package its compiled dist/providers/*.js.
 */
export function entryPoints(pkg: string): { sub: string; ext: '.ts' | '.js' } {
  return existsSync(path.join(pkg, 'src', 'cli', 'main.ts')) ? { sub: 'providers', ext: '.ts' } : { sub: 'dist/providers', ext: '.js' };
}

/**
 * Where `project`'s promptfooconfig.yaml finds labelgate's plugin: this repository's own providers/
 * when run inside it, else the installed package under node_modules/labelgate.
 */
export function pluginLocation(project: string, packageRoot = PACKAGE_ROOT): PluginLocation {
  if (real(project) === real(packageRoot) || isLabelgateRepo(project)) return { dir: 'providers', ext: '.ts' };
  const installed = path.join(project, 'node_modules', 'labelgate');
  const at = (e: { sub: string; ext: '.ts' | '.js' }) => ({ dir: `node_modules/labelgate/${e.sub}`, ext: e.ext });
  if (existsSync(installed)) return at(entryPoints(installed));
  return {
    ...at(entryPoints(packageRoot)),
    warning: 'labelgate is not installed in this project (no node_modules/labelgate): run `npm install -D labelgate` so promptfoo finds the plugin',
  };
}
