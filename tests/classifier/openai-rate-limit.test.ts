import { afterEach, describe, expect, it } from 'vitest';
import { createOpenAIClassifier, type OpenAIOptions } from '../../src/classifier/openai.ts';
import type { Classifier, ClassifierCase, Prediction } from '../../src/classifier/types.ts';
import { ERROR, INVALID } from '../../src/core/outcome.ts';
import { loadVariant } from '../../src/variant/load.ts';
import { keywordModel, startOpenAIServer, type FakeHandler, type FakeReply, type OpenAIServer } from '../helpers/openai-server.ts';
import { scriptedModel } from '../helpers/openai-script.ts';

/**
 * The openai backend under rate limits and faults, through the real SDK against the local server.
 * Limits are scaled down (thousands of requests per minute, tens of ms of latency) so each run
 * takes seconds; the full-size figures are in the benchmark.
 */
const variant = loadVariant(
  'prompts/routing/v1.yaml',
  `
name: v1
version: 1
changelog: first
system: Route questions.
labels:
  - name: artifact
    description: Stored artifacts.
  - name: visualisation
    description: Charts.
  - name: other
    description: Everything else.
template: "Query: {{query}}"
`,
);
const LABELS = ['artifact', 'visualisation', 'other'];
const KEY = 'sk-test-SECRET-ratelimit-0123456789';
const TOPICS = ['artifact', 'visualisation', 'general'];
const cases = (n: number): ClassifierCase[] => Array.from({ length: n }, (_, i) => ({ id: `c${i}`, query: `case ${i} about ${TOPICS[i % 3]}` }));
const expected = (c: ClassifierCase) => (c.query.includes('artifact') ? 'artifact' : c.query.includes('visualisation') ? 'visualisation' : 'other');

/** Classifies every case the way promptfoo does: up to `maxPending` calls waiting at once. */
async function classifyAll(classifier: Classifier, all: ClassifierCase[], fallback: number): Promise<Prediction[]> {
  const results = new Array<Prediction>(all.length);
  let next = 0;
  const worker = async () => {
    while (next < all.length) {
      const i = next++;
      results[i] = await classifier.classify(variant, all[i]!);
    }
  };
  await Promise.all(Array.from({ length: classifier.maxPending ?? fallback }, worker));
  return results;
}

let server: OpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const classifier = (s: OpenAIServer, extra: Partial<OpenAIOptions>) =>
  createOpenAIClassifier({ model: 'gpt-test', apiKey: KEY, baseURL: s.url, timeoutMs: 5_000, ...extra });

describe('openai backend under a requests-per-minute limit', () => {
  it.each([4, 16])('-j %i at 3,000 rpm (burst 5), 20 ms latency: every case answered, no error, few 429s', async (j) => {
    server = await startOpenAIServer(scriptedModel({ latencyMs: 20 }), { rateLimit: { rpm: 3_000, burst: 5 } });
    const all = cases(120);
    const predictions = await classifyAll(classifier(server, { concurrency: j }), all, j);
    expect(predictions.map((p) => p.prediction)).toEqual(all.map(expected));
    const counts = server.counts();
    expect(counts.ok).toBe(all.length);
    expect(counts.calls).toBe(all.length + counts.rateLimited);
    // A fixed pool of 16 against a bucket of 5 is refused hundreds of times; the limiter learns the
    // rate from the first answers' headers and stays under it. (6 and 15 refusals on a quiet machine;
    // the server shares the test's event loop, so a loaded one delivers requests in clumps: 24 seen.)
    expect(counts.rateLimited).toBeLessThan(all.length / 3);
    if (j === 16) expect(counts.rateLimited).toBeGreaterThan(0); // the first 16 arrive at once, 5 fit
  });

  it('a storm of 429s with Retry-After: no request starts before the wait is over, and every case is answered', async () => {
    // The first 8 requests are refused with "wait 1 s" (whole seconds only, no retry-after-ms).
    let refusedAt = Number.POSITIVE_INFINITY;
    const handler: FakeHandler = (req) => {
      if (req.count <= 8) return { status: 429, headers: { 'retry-after': '1' }, body: { error: { message: 'Rate limit reached', type: 'requests' } } };
      return keywordModel(req);
    };
    server = await startOpenAIServer(handler);
    const all = cases(24);
    const predictions = await classifyAll(classifier(server, { concurrency: 8 }), all, 8);
    expect(predictions.map((p) => p.prediction)).toEqual(all.map(expected));
    const refused = server.requests.filter((r) => r.status === 429);
    expect(refused).toHaveLength(8);
    refusedAt = Math.min(...refused.map((r) => r.answeredAt!));
    // Requests past the 8th were sent after a refusal came back (8 is the ceiling): none before its wait ended.
    const later = server.requests.filter((r) => r.count > 8);
    expect(later.length).toBeGreaterThan(0);
    for (const r of later) expect(r.receivedAt - refusedAt).toBeGreaterThanOrEqual(995);
  });

  it('a rate limit that outlasts the retry budget: error naming the 429 and the budget, after honouring every wait', async () => {
    server = await startOpenAIServer(() => ({ status: 429, headers: { 'retry-after-ms': '100' }, body: { error: { message: 'Rate limit reached', type: 'requests' } } }));
    const p = await classifier(server, { retryBudgetMs: 450 }).classify(variant, cases(1)[0]!);
    expect(p.prediction).toBe(ERROR);
    expect(p.reason).toMatch(/^HTTP 429 \(after [1-4] retr(y|ies); retry budget of 450 ms spent\): Rate limit reached$/);
    const gaps = server.requests.slice(1).map((r, i) => r.receivedAt - server!.requests[i]!.answeredAt!);
    for (const g of gaps) expect(g).toBeGreaterThanOrEqual(95);
  });
});

describe('openai backend under a fault mix', () => {
  it('429s, 5xx, hangs, dropped connections, malformed bodies, refusals and labels outside the set: every case accounted for', async () => {
    const script = scriptedModel({
      seed: 7,
      latencyMs: { min: 1, max: 15 },
      hangMs: 3_000,
      faults: { status429: 0.1, status500: 0.05, status503: 0.03, hang: 0.03, drop: 0.03, malformed: 0.05, refusal: 0.03, outside: 0.03 },
    });
    // What each case's last well-formed 200 said, to predict which cases end as `invalid`.
    const finalKind = new Map<string, 'label' | 'refusal' | 'outside'>();
    const handler: FakeHandler = async (req) => {
      const reply = (await script(req)) as FakeReply & { label?: string; refusal?: string; status?: number };
      const query = req.body.messages.at(-1)!.content;
      if (reply.refusal !== undefined) finalKind.set(query, 'refusal');
      else if (reply.label !== undefined && reply.delayMs! < 3_000) finalKind.set(query, LABELS.includes(reply.label) ? 'label' : 'outside');
      // A careless proxy: server errors echo the request's authorization header.
      if (reply.status !== undefined && reply.status >= 500) return { ...reply, body: { error: { message: `upstream failed for ${String(req.headers.authorization)}`, type: 'server_error' } } } as FakeReply;
      return reply;
    };
    server = await startOpenAIServer(handler);
    const all = cases(150);
    const predictions = await classifyAll(classifier(server, { concurrency: 8, timeoutMs: 300 }), all, 8);
    expect(predictions).toHaveLength(all.length);
    for (const [i, p] of predictions.entries()) {
      const kind = finalKind.get(`Query: ${all[i]!.query}`);
      if (kind === 'label') expect(p.prediction).toBe(expected(all[i]!));
      else expect(p).toMatchObject({ prediction: INVALID, reason: kind === 'refusal' ? 'the model refused' : expect.stringMatching(/is not a label/) });
    }
    // Every kind of fault happened, and none of them cost a case.
    for (const fault of ['status429', 'status500', 'status503', 'hang', 'drop', 'malformed', 'refusal', 'outside'] as const) expect(script.injected[fault]).toBeGreaterThan(0);
    expect(predictions.filter((p) => p.prediction === ERROR)).toEqual([]);
    expect(JSON.stringify(predictions)).not.toContain(KEY);
  });

  it('a persistently malformed body ends as error with a reason that blames the server, not a JSON parser message', async () => {
    server = await startOpenAIServer(() => ({ status: 200, contentType: 'application/json', body: '{"id": "chatcmpl-1", "choices": [{"message": {"content": "{\\"la' }));
    const p = await classifier(server, { retryBudgetMs: 400 }).classify(variant, cases(1)[0]!);
    expect(p.prediction).toBe(ERROR);
    expect(p.reason).toMatch(/^server fault: malformed response \(HTTP 200, body is not valid JSON\) \(after \d+ retr(y|ies); retry budget of 400 ms spent\)$/);
    expect(p.reason).not.toMatch(/Unexpected|JSON at position|SyntaxError/);
    expect(server.requests.length).toBeGreaterThan(1);
  });
});
