import { existsSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The labelgate package this code runs from (src/init/ or its built copy sits two folders down). */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

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

/** Built entry points win over the TypeScript sources when the package ships them. */
const extIn = (providers: string): '.ts' | '.js' => (existsSync(path.join(providers, 'labelgate.js')) ? '.js' : '.ts');

/**
 * Where `project`'s promptfooconfig.yaml finds labelgate's plugin: this repository's own providers/
 * when run inside it, else the installed package under node_modules/labelgate.
 */
export function pluginLocation(project: string, packageRoot = PACKAGE_ROOT): PluginLocation {
  if (real(project) === real(packageRoot) || isLabelgateRepo(project)) return { dir: 'providers', ext: extIn(path.join(project, 'providers')) };
  const installed = path.join(project, 'node_modules', 'labelgate', 'providers');
  if (existsSync(installed)) return { dir: 'node_modules/labelgate/providers', ext: extIn(installed) };
  return {
    dir: 'node_modules/labelgate/providers',
    ext: extIn(path.join(packageRoot, 'providers')),
    warning: 'labelgate is not installed in this project (no node_modules/labelgate): run `npm install -D labelgate` so promptfoo finds the plugin',
  };
}
