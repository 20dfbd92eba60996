import type { BackendName } from '../classifier/types.ts';

/**
 * The backend, chosen so a pull request from a fork (no secrets) degrades to the offline model
 * instead of failing: an explicit flag wins; otherwise the project's configured backend, where
 * `openai` (also the default when OPENAI_API_KEY is set) falls back to offline without the key. Pure.
 */
export function chooseBackend(flag: BackendName | undefined, configured: BackendName | undefined, hasKey: boolean, fork: boolean): { backend: BackendName; note?: string } {
  if (flag !== undefined) return { backend: flag };
  if (configured !== undefined && configured !== 'openai') return { backend: configured };
  if (hasKey) return { backend: 'openai' };
  if (configured === 'openai' || fork) {
    return {
      backend: 'offline',
      note: `No OPENAI_API_KEY${fork ? ' (a pull request from a fork gets no secrets)' : ''}: both sides ran on the offline backend, a lexical baseline, not the model.`,
    };
  }
  return { backend: 'offline' };
}
