/**
 * Which changed files can change an evaluation: the prompts, the data, the classifier's code and the
 * configuration. A pull request that touches none of them needs no eval. The prompt-eval workflow's
 * `paths:` filter lists the same (a test keeps the two in step).
 */
export const RELEVANT_PATHS = [
  'prompts/',
  'datasets/',
  'providers/',
  'src/',
  'bin/',
  'promptfooconfig.yaml',
  'labelgate.*.yaml',
  'package.json',
  'package-lock.json',
] as const;

const escape = (s: string) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');

/** A folder (`x/`) matches everything under it; a file pattern's `*` matches within one name. */
function matcher(pattern: string): (file: string) => boolean {
  if (pattern.endsWith('/')) return (file) => file.startsWith(pattern);
  const re = new RegExp(`^${pattern.split('*').map(escape).join('[^/]*')}$`);
  return (file) => re.test(file);
}

/**
 * The changed files (repository-relative, `/`-separated) that are relevant. `extra` adds the paths a
 * project's config points at (a dataset or variants folder elsewhere), as folders or files.
 */
export function relevantChanges(files: readonly string[], extra: readonly string[] = []): string[] {
  const normalised = extra.map((p) => p.replace(/\\/g, '/').replace(/^\.\//, '')).filter((p) => p !== '' && !p.startsWith('../') && !p.startsWith('/'));
  const tests = [...RELEVANT_PATHS.map(matcher), ...normalised.flatMap((p) => [matcher(p), matcher(p.endsWith('/') ? p : `${p}/`)])];
  return files.filter((f) => tests.some((t) => t(f)));
}
