import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withResponseCache } from '../../src/classifier/cache.ts';
import { createOpenAIClassifier } from '../../src/classifier/openai.ts';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.ts';
import { tmpDir } from '../helpers/tmp.ts';
import { tinyVariant } from '../helpers/variant.ts';

/** What a prediction tells the progress view besides its label: retries made, and what the cache did. */
describe('progress marks on predictions', () => {
  let server: OpenAIServer;
  beforeAll(async () => {
    server = await startOpenAIServer();
  });
  afterAll(() => server.close());

  it('the openai backend counts its retries; the cache says stored, then hit, and never replays a retry count', async () => {
    const variant = tinyVariant();
    const failFirst = 2;
    const start = server.requests.length;
    // Two 500s with a 1 ms retry-after, then the answer: two retries for this case.
    server.setHandler((req) => (req.count - start <= failFirst ? { status: 500, body: { error: { message: 'busy' } }, headers: { 'retry-after-ms': '1' } } : { label: 'artifact' }));
    const openai = createOpenAIClassifier({ model: 'm', apiKey: 'sk-test-x', baseURL: server.url, timeoutMs: 5_000 });
    const cached = withResponseCache(openai, tmpDir());
    const c = { id: 'c1', query: 'How do I version a dataset?', document: '' };

    const first = await cached.classify(variant, c);
    expect(first).toMatchObject({ prediction: 'artifact', retries: 2, cache: 'stored' });
    expect(server.requests.length - start).toBe(3);

    const again = await cached.classify(variant, c);
    expect(again.prediction).toBe('artifact');
    expect(again.cache).toBe('hit');
    expect(again.retries).toBeUndefined();
    expect(server.requests.length - start).toBe(3);

    // An answer at the first try carries no retry count.
    const plain = await openai.classify(variant, { id: 'c2', query: 'charts', document: '' });
    expect(plain.prediction).toBe('artifact');
    expect(plain.retries).toBeUndefined();
  });
});
