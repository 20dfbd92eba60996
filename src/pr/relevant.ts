/**
 * Which changed files can change an evaluation: the prompts, the data, the classifier's code and the
 * configuration, as the project configures them. A pull request that touches none of them needs no
 * eval. The prompt-eval workflow's `paths:` filter lists the same (a test keeps labelgate's own two in
 * step; `labelgate init` writes a user's filter from `relevantPaths`).
 */
export const ALWAYS_RELEVANT = ['promptfooconfig.yaml', 'package.json', 'package-lock.json'] as const;

/** What a project's evaluation reads, as the run options and the config name it (paths relative to the working folder). */
export interface RelevanceSources {
  variants: readonly string[];
  dataset: string;
  lockFile: string;
  gateConfig: string;
  projectConfig: string;
  /** The classifier's code: its entry file and the local files it imports. */
  classifierFiles?: readonly string[];
  /** The config's `relevant`: more files or folders (`src/classify/`). */
  extra?: readonly string[];
}

const normalise = (p: string) => p.replace(/\\/g, '/').replace(/^(\.\/)+/, '');

/** The relevant paths, in order, without repeats or paths outside the working folder. Pure. */
export function relevantPaths(s: RelevanceSources): string[] {
  const all = [...s.variants, s.dataset, s.lockFile, s.gateConfig, s.projectConfig, ...(s.classifierFiles ?? []), ...ALWAYS_RELEVANT, ...(s.extra ?? [])].map(normalise);
  return [...new Set(all.filter((p) => p !== '' && p !== '.' && !p.startsWith('../') && !p.startsWith('/')))];
}

const escape = (s: string) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');

/** A folder (`x/`) matches everything under it; a file pattern's `*` matches within one name. */
function matcher(pattern: string): (file: string) => boolean {
  if (pattern.endsWith('/')) return (file) => file.startsWith(pattern);
  const re = new RegExp(`^${pattern.split('*').map(escape).join('[^/]*')}$`);
  return (file) => re.test(file);
}

/**
 * The changed files (relative to the working folder, `/`-separated) that are relevant. A path without
 * a trailing `/` may be a file or a folder (`prompts`), so it matches both ways.
 */
export function relevantChanges(files: readonly string[], paths: readonly string[]): string[] {
  const tests = paths.map(normalise).flatMap((p) => [matcher(p), matcher(p.endsWith('/') ? p : `${p}/`)]);
  return files.filter((f) => tests.some((t) => t(f)));
}
