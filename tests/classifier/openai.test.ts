import { getEventListeners } from 'node:events';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createOpenAIClassifier, type OpenAIOptions } from '../../src/classifier/openai.ts';
import { UserError } from '../../src/core/errors.ts';
import { ERROR, INVALID } from '../../src/core/outcome.ts';
import { buildMessages } from '../../src/variant/messages.ts';
import { loadVariant } from '../../src/variant/load.ts';
import { keywordModel, startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.ts';

const VARIANT_YAML = `
name: v3
version: 3
changelog: examples per label
system: You route documentation questions to one label.
labels:
  - name: artifact
    description: Creating, versioning and managing stored artifacts.
    examples:
      positive: [How do I version a dataset artifact?]
      negative: [How do I plot a loss curve?]
  - name: visualisation
    description: Charts, dashboards and visual analysis of logged data.
  - name: other
    description: Everything else.
template: |
  Query: {{query}}
  Document: {{document}}
`;
const variant = loadVariant('prompts/routing/v3.yaml', VARIANT_YAML);
const LABELS = ['artifact', 'visualisation', 'other'];
const KEY = 'sk-test-SECRET-0123456789abcdef';
const aCase = { id: 'c1', query: 'How do I log an artifact?', document: 'Artifacts store files.' };

let server: OpenAIServer;
beforeAll(async () => {
  server = await startOpenAIServer();
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
  server.setHandler(keywordModel);
  vi.restoreAllMocks();
});

const classifier = (extra: Partial<OpenAIOptions> = {}) =>
  createOpenAIClassifier({ model: 'gpt-test', apiKey: KEY, baseURL: server.url, maxRetries: 0, timeoutMs: 5_000, ...extra });

describe('createOpenAIClassifier: answers', () => {
  it('returns the structured label with raw, tokens and latency', async () => {
    server.setHandler(() => ({ label: 'artifact', usage: { prompt_tokens: 120, completion_tokens: 5, cached_tokens: 64 } }));
    const c = classifier();
    expect(c.backend).toBe('openai');
    expect(c.model).toBe('gpt-test');
    const p = await c.classify(variant, aCase);
    expect(p).toMatchObject({ prediction: 'artifact', raw: '{"label":"artifact"}', tokens: { prompt: 120, completion: 5, total: 125, cached: 64 } });
    expect(p.reason).toBeUndefined();
    expect(p.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('sends the model, temperature 0, the variant messages and a strict schema whose enum is the label set in order', async () => {
    await classifier().classify(variant, aCase);
    const [req] = server.requests;
    expect(req!.path).toBe('/v1/chat/completions');
    expect(req!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req!.body.model).toBe('gpt-test');
    expect(req!.body.temperature).toBe(0);
    expect(req!.body.messages).toEqual(buildMessages(variant, aCase));
    expect(req!.body.max_completion_tokens).toBeUndefined();
    const format = req!.body.response_format!;
    expect(format.type).toBe('json_schema');
    expect(format.json_schema!.strict).toBe(true);
    expect(format.json_schema!.schema).toMatchObject({ type: 'object', required: ['label'], additionalProperties: false });
    expect(format.json_schema!.schema.properties!.label!.enum).toEqual(LABELS);
  });

  it('passes temperature and max tokens when given', async () => {
    await classifier({ temperature: 0.7, maxTokens: 20 }).classify(variant, aCase);
    expect(server.requests[0]!.body).toMatchObject({ temperature: 0.7, max_completion_tokens: 20 });
  });

  it('reads the cached prompt tokens that prompt caching reports on a repeated prefix', async () => {
    const c = classifier();
    await c.classify(variant, aCase);
    const second = await c.classify(variant, { id: 'c2', query: 'Something else entirely' });
    expect(second.tokens!.cached).toBeGreaterThan(0);
  });

  it.each([
    ['a label outside the set', { label: 'billing' }, '{"label":"billing"}', /not a label/],
    ['malformed JSON', { content: '{"label": "artif' }, '{"label": "artif', /unparsable/],
    ['empty content', { content: '' }, '', /empty/],
    ['null content', { content: null }, '', /empty/],
    ['a refusal', { refusal: "I can't help with that." }, "I can't help with that.", /refused/],
    ['finish_reason length', { content: '{"label": "art', finishReason: 'length' as const }, '{"label": "art', /token limit/],
    ['finish_reason length with a complete label', { label: 'other', finishReason: 'length' as const }, '{"label":"other"}', /token limit/],
    ['finish_reason content_filter', { content: '', finishReason: 'content_filter' as const }, '', /content filter/],
  ])('%s → invalid, raw kept, with a reason', async (_name, reply, raw, reason) => {
    server.setHandler(() => reply);
    const p = await classifier().classify(variant, aCase);
    expect(p.prediction).toBe(INVALID);
    expect(p.raw).toBe(raw);
    expect(p.reason).toMatch(reason);
    expect(p.tokens).toBeDefined();
  });

  it('accepts a bare label from a server that ignores response_format', async () => {
    server.setHandler(() => ({ content: 'visualisation\n' }));
    expect((await classifier().classify(variant, aCase)).prediction).toBe('visualisation');
  });

  it('caches the response format per variant and follows a changed label set', async () => {
    const c = classifier();
    await c.classify(variant, aCase);
    const other = loadVariant('prompts/routing/v4.yaml', VARIANT_YAML.replace('name: v3', 'name: v4').replace('- name: visualisation', '- name: integrations'));
    await c.classify(other, aCase);
    const enums = server.requests.map((r) => r.body.response_format!.json_schema!.schema.properties!.label!.enum);
    expect(enums).toEqual([LABELS, ['artifact', 'integrations', 'other']]);
  });
});

describe('createOpenAIClassifier: transport failures', () => {
  it('retries a 500 and returns the answer of the next attempt', async () => {
    server.setHandler(({ count }) => (count === 1 ? { status: 500, headers: { 'retry-after-ms': '5' } } : { label: 'other' }));
    const p = await classifier({ maxRetries: 2 }).classify(variant, aCase);
    expect(p.prediction).toBe('other');
    expect(server.requests).toHaveLength(2);
  });

  it('gives up on a persistent 500 after maxRetries: error with the status, maxRetries + 1 requests', async () => {
    server.setHandler(() => ({ status: 500, headers: { 'retry-after-ms': '5' }, body: { error: { message: 'The server had an error', type: 'server_error' } } }));
    const p = await classifier({ maxRetries: 2 }).classify(variant, aCase);
    expect(p).toMatchObject({ prediction: ERROR, reason: 'HTTP 500 (after 2 retries): The server had an error' });
    expect(server.requests).toHaveLength(3);
  });

  it('honours retry-after-ms on a 429, then succeeds', async () => {
    server.setHandler(({ count }) => (count === 1 ? { status: 429, headers: { 'retry-after-ms': '50' } } : { label: 'artifact' }));
    const p = await classifier({ maxRetries: 1 }).classify(variant, aCase);
    expect(p.prediction).toBe('artifact');
    expect(server.requests).toHaveLength(2);
    const gap = server.requests[1]!.receivedAt - server.requests[0]!.receivedAt;
    expect(gap).toBeGreaterThanOrEqual(40);
    // The SDK's own first backoff is 375–500 ms; a shorter gap means the header was used.
    expect(gap).toBeLessThan(375);
  });

  it('honours Retry-After (seconds) on a 429, then succeeds', async () => {
    server.setHandler(({ count }) => (count === 1 ? { status: 429, headers: { 'retry-after': '0' } } : { label: 'artifact' }));
    const p = await classifier({ maxRetries: 1 }).classify(variant, aCase);
    expect(p.prediction).toBe('artifact');
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.receivedAt - server.requests[0]!.receivedAt).toBeLessThan(375);
  });

  it('returns error on a 429 that outlasts the retries', async () => {
    server.setHandler(() => ({ status: 429, headers: { 'retry-after-ms': '1' }, body: { error: { message: 'Rate limit reached', type: 'requests' } } }));
    const p = await classifier({ maxRetries: 1 }).classify(variant, aCase);
    expect(p).toMatchObject({ prediction: ERROR, reason: 'HTTP 429 (after 1 retry): Rate limit reached' });
    expect(server.requests).toHaveLength(2);
  });

  it('times out: error, and the slow request is abandoned', async () => {
    server.setHandler(() => ({ label: 'artifact', delayMs: 5_000 }));
    const started = performance.now();
    const p = await classifier({ timeoutMs: 150 }).classify(variant, aCase);
    expect(p).toMatchObject({ prediction: ERROR, reason: 'timed out after 150 ms' });
    expect(performance.now() - started).toBeLessThan(4_000); // did not wait for the 5 s answer
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    ['a text body', { status: 200, body: 'not json' }, 'server fault: malformed response (HTTP 200, not a chat completion) (after 2 retries)'],
    ['a JSON body cut short', { status: 200, contentType: 'application/json', body: '{"id": "chatcmpl-1", "choi' }, 'server fault: malformed response (HTTP 200, body is not valid JSON) (after 2 retries)'],
    ['no choices', { status: 200, body: { id: 'x', object: 'chat.completion', choices: [] } }, 'server fault: malformed response (HTTP 200, a chat completion with no choices) (after 2 retries)'],
  ])('a 200 with %s is retried, and when it persists is an error that blames the server', async (_name, reply, reason) => {
    server.setHandler(() => reply);
    const p = await classifier({ maxRetries: 2 }).classify(variant, aCase);
    expect(p).toMatchObject({ prediction: ERROR, reason });
    expect(server.requests).toHaveLength(3);
  });

  it('a malformed 200 followed by a good answer is the answer', async () => {
    server.setHandler(({ count }) => (count === 1 ? { status: 200, contentType: 'application/json', body: '{"choices": [' } : { label: 'visualisation' }));
    const p = await classifier({ maxRetries: 2 }).classify(variant, aCase);
    expect(p.prediction).toBe('visualisation');
    expect(server.requests).toHaveLength(2);
  });

  it('a dropped connection is an error', async () => {
    server.setHandler(() => ({ destroy: true }));
    const p = await classifier().classify(variant, aCase);
    expect(p.prediction).toBe(ERROR);
    expect(p.reason).toMatch(/^connection failed/);
  });

  it('connection refused is an error naming the cause', async () => {
    const gone = await startOpenAIServer();
    const url = gone.url;
    await gone.close();
    const p = await createOpenAIClassifier({ model: 'm', baseURL: url, maxRetries: 0 }).classify(variant, aCase);
    expect(p.prediction).toBe(ERROR);
    expect(p.reason).toMatch(/^connection failed: connect ECONNREFUSED 127\.0\.0\.1:\d+$/);
  });

  it.each([
    [400, 'Invalid schema for response_format'],
    [403, 'Project does not have access'],
    [404, 'The model `gpt-test` does not exist'],
  ])('HTTP %i is an error with the status and message, not retried', async (status, message) => {
    server.setHandler(() => ({ status, body: { error: { message, type: 'invalid_request_error' } } }));
    const p = await classifier({ maxRetries: 3 }).classify(variant, aCase);
    expect(p).toMatchObject({ prediction: ERROR, reason: `HTTP ${status}: ${message}` });
    expect(server.requests).toHaveLength(1);
  });

  it('401 is an error, and the key appears nowhere: not in the result, not in the SDK logs', async () => {
    const logged: string[] = [];
    for (const level of ['error', 'warn', 'info', 'debug', 'log'] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')));
    }
    vi.stubEnv('OPENAI_LOG', 'debug');
    // A careless proxy that echoes the request's headers back, in the JSON error and as plain text.
    server.setHandler(({ headers, count }) =>
      count === 1
        ? { status: 401, body: { error: { message: `Incorrect API key provided: ${headers.authorization}`, type: 'invalid_request_error' } } }
        : { status: 401, body: `unauthorised: ${headers.authorization} ${JSON.stringify(headers)}` },
    );
    const c = classifier();
    const first = await c.classify(variant, aCase);
    const second = await c.classify(variant, aCase);
    vi.unstubAllEnvs();
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(first).toMatchObject({ prediction: ERROR, reason: 'HTTP 401: Incorrect API key provided: Bearer ***' });
    expect(second.prediction).toBe(ERROR);
    expect(second.reason).toMatch(/^HTTP 401: unauthorised: Bearer \*\*\* \{/);
    expect(second.reason!.length).toBeLessThanOrEqual(220);
    expect(logged.length).toBeGreaterThan(0);
    const everything = JSON.stringify([first, second, logged]);
    expect(everything).not.toContain(KEY);
    expect(everything).not.toContain('SECRET');
  });

  it('an abort signal cancels the request: error "aborted", quickly', async () => {
    server.setHandler(() => ({ label: 'artifact', delayMs: 5_000 }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = performance.now();
    const p = await classifier({ maxRetries: 3 }).classify(variant, aCase, controller.signal);
    expect(p).toMatchObject({ prediction: ERROR, reason: 'aborted' });
    expect(performance.now() - started).toBeLessThan(4_000); // did not wait for the 5 s answer
    const already = await classifier().classify(variant, aCase, AbortSignal.abort());
    expect(already).toMatchObject({ prediction: ERROR, reason: 'aborted' });
  });

  it("leaves no listener on a run's signal once its calls are done, retried ones included", async () => {
    // One signal serves a whole run: whatever a call hangs on it must go when the call ends.
    server.setHandler((req) => (req.count % 5 === 0 ? { status: 500 } : { label: 'other', delayMs: 5 }));
    const run = new AbortController();
    const c = classifier({ maxRetries: 3, concurrency: 4 });
    const cases = Array.from({ length: 30 }, (_, i) => ({ id: `c${i}`, query: `question ${i}` }));
    const predictions = await Promise.all(cases.map((k) => c.classify(variant, k, run.signal)));
    expect(predictions.map((p) => p.prediction)).toEqual(cases.map(() => 'other'));
    expect(server.requests.length).toBeGreaterThan(cases.length);
    expect(getEventListeners(run.signal, 'abort')).toHaveLength(0);
  });

  it('20 parallel classifications all resolve, each with its own answer', async () => {
    server.setHandler((req) => ({ ...keywordModel(req), delayMs: 20 }) as ReturnType<typeof keywordModel>);
    const c = classifier();
    const cases = Array.from({ length: 20 }, (_, i) => ({ id: `c${i}`, query: i % 2 === 0 ? `artifact question ${i}` : `general question ${i}` }));
    const predictions = await Promise.all(cases.map((k) => c.classify(variant, k)));
    expect(predictions.map((p) => p.prediction)).toEqual(cases.map((_, i) => (i % 2 === 0 ? 'artifact' : 'other')));
    expect(server.requests).toHaveLength(20);
  });
});

describe('createOpenAIClassifier: configuration', () => {
  it('without a key and without a base URL it refuses to start, with a UserError', () => {
    vi.stubEnv('OPENAI_API_KEY', '');
    vi.stubEnv('OPENAI_BASE_URL', '');
    try {
      expect(() => createOpenAIClassifier({ model: 'gpt-test' })).toThrow(UserError);
      expect(() => createOpenAIClassifier({ model: 'gpt-test' })).toThrow(/set OPENAI_API_KEY/);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('with a base URL and no key it works against a local server', async () => {
    vi.stubEnv('OPENAI_API_KEY', '');
    try {
      const p = await createOpenAIClassifier({ model: 'llama3', baseURL: server.url, maxRetries: 0 }).classify(variant, aCase);
      expect(p.prediction).toBe('artifact');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('takes the key and base URL from the environment', async () => {
    vi.stubEnv('OPENAI_API_KEY', 'sk-from-env-abcdef');
    vi.stubEnv('OPENAI_BASE_URL', server.url);
    try {
      const p = await createOpenAIClassifier({ model: 'gpt-test', maxRetries: 0 }).classify(variant, aCase);
      expect(p.prediction).toBe('artifact');
      expect(server.requests[0]!.headers.authorization).toBe('Bearer sk-from-env-abcdef');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('an empty model name is a UserError', () => {
    expect(() => createOpenAIClassifier({ model: ' ', apiKey: KEY })).toThrow(UserError);
  });
});
