import { describe, expect, it } from 'vitest';
import { defaultEvalBackend } from '../../src/run/options.ts';

describe('the eval backend when --backend is not given', () => {
  it('follows a named classifier or provider, flags before config, an explicit config backend before implied ones', () => {
    expect(defaultEvalBackend({}, {})).toBe('offline');
    expect(defaultEvalBackend({ classifier: 'r.ts' }, {})).toBe('module');
    expect(defaultEvalBackend({ provider: 'ollama:chat:x' }, {})).toBe('promptfoo');
    expect(defaultEvalBackend({}, { classifier: 'r.ts' })).toBe('module');
    expect(defaultEvalBackend({}, { provider: { id: 'http' } })).toBe('promptfoo');
    // The config names openai and a classifier: its explicit backend wins over the implied one…
    expect(defaultEvalBackend({}, { backend: 'openai', classifier: 'r.ts' })).toBe('openai');
    // …but a classifier named on the command line wins over the config's backend.
    expect(defaultEvalBackend({ classifier: 'r.ts' }, { backend: 'openai' })).toBe('module');
    expect(defaultEvalBackend({ provider: 'http' }, { classifier: 'r.ts' })).toBe('promptfoo');
  });
});
