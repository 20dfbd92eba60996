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
