import path from 'node:path';

/**
 * promptfoo's settings for quiet, offline-safe runs that keep their state inside the project
 * (not in the user's home). Values the user already set win.
 */
export function promptfooEnv(root = process.cwd()): Record<string, string> {
  const state = path.join(root, '.labelgate', 'promptfoo');
  return {
    PROMPTFOO_DISABLE_TELEMETRY: '1',
    PROMPTFOO_DISABLE_UPDATE: '1',
    PROMPTFOO_DISABLE_DEBUG_LOG: '1',
    PROMPTFOO_DISABLE_RUNTIME_WARNINGS: '1',
    PROMPTFOO_DISABLE_SHARING: '1',
    PROMPTFOO_CONFIG_DIR: state,
    PROMPTFOO_CACHE_PATH: path.join(state, 'cache'),
  };
}

export function applyPromptfooEnv(root?: string): void {
  for (const [key, value] of Object.entries(promptfooEnv(root))) {
    if (process.env[key] === undefined) process.env[key] = value;
  }
}

/**
 * promptfoo's module, loaded with Node's source maps off. When they are on (tsx turns them on to
 * map labelgate's TypeScript), Node computes line tables for every module it loads that names a
 * source map, and maps promptfoo's bundles, about 60 MiB of heap and a few percent of a run; and
 * promptfoo's logger maps a stack trace for each debug message it writes. Stack traces through
 * promptfoo's code then show its bundled files; labelgate's own frames stay mapped.
 */
export async function importPromptfoo(): Promise<typeof import('promptfoo')> {
  const wasOn = (process as { sourceMapsEnabled?: boolean }).sourceMapsEnabled === true;
  if (wasOn) process.setSourceMapsEnabled(false);
  try {
    return await import('promptfoo');
  } finally {
    if (wasOn) process.setSourceMapsEnabled(true);
  }
}
