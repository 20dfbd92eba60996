import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClassifier } from '../../src/classifier/create.ts';
import { createPromptfooClassifier, interpretResponse, labelFromOutput } from '../../src/classifier/promptfoo.ts';
import { UserError } from '../../src/core/errors.ts';
import { buildMessages } from '../../src/variant/messages.ts';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.ts';
import { tmpDir } from '../helpers/tmp.ts';
import { tinyVariant } from '../helpers/variant.ts';

// promptfoo keeps its own state (a config file, a database) here rather than in the checkout.
process.env.PROMPTFOO_CONFIG_DIR ??= mkdtempSync(path.join(tmpdir(), 'labelgate-promptfoo-'));

const LABELS = ['artifact', 'visualisation', 'other'];
const KEY = 'sk-test-PROMPTFOO-5e3f0c2a9b7d4e1f';
const variant = tinyVariant();
const c = { id: 'c1', query: 'How do I version a dataset?', document: 'Artifacts are versioned.' };
const noRedaction = (s: string) => s;

describe('reading a label from a provider’s answer', () => {
  it('takes JSON or the exact label, trimmed and case-folded; anything else is invalid with the answer kept', () => {
    expect(labelFromOutput('{"label": "artifact"}', LABELS)).toMatchObject({ prediction: 'artifact' });
    expect(labelFromOutput('```json\n{"label":"other"}\n```', LABELS)).toMatchObject({ prediction: 'other' });
    expect(labelFromOutput('  Visualisation\n', LABELS)).toMatchObject({ prediction: 'visualisation' });
    expect(labelFromOutput({ label: 'other', confidence: 0.9 }, LABELS)).toMatchObject({ prediction: 'other' });
    expect(labelFromOutput('I think it is artifact', LABELS)).toMatchObject({ prediction: 'invalid', raw: 'I think it is artifact' });
    expect(labelFromOutput({ category: 'other' }, LABELS)).toMatchObject({ prediction: 'invalid', raw: '{"category":"other"}', reason: 'the answer holds no label' });
    expect(labelFromOutput(undefined, LABELS)).toMatchObject({ prediction: 'invalid', reason: 'empty answer' });
  });

  it('turns a provider error into `error` with its reason, keeping token usage and cost', () => {
    const redact = (s: string) => s.split(KEY).join('***');
    expect(interpretResponse({ error: `API error 401: bad key ${KEY}\nretry later`, tokenUsage: { prompt: 7, completion: 0, total: 7 } }, LABELS, redact)).toEqual({
      prediction: 'error',
      reason: 'API error 401: bad key *** retry later',
      tokens: { prompt: 7, completion: 0, total: 7 },
    });
    expect(interpretResponse({ output: 'other', cost: 0.002, tokenUsage: { prompt: 10, completion: 1, total: 11, cached: 4 } }, LABELS, noRedaction)).toEqual({
      prediction: 'other',
      raw: 'other',
      costUsd: 0.002,
      tokens: { prompt: 10, completion: 1, total: 11, cached: 4 },
    });
  });
});

interface HttpRequest {
  headers: IncomingHttpHeaders;
  body: { messages: unknown; query: string; document?: string };
}

/** A plain classification service: JSON in, `{answer}` out, scripted per request. */
async function startService(reply: (req: HttpRequest) => { status?: number; body: unknown }) {
  const requests: HttpRequest[] = [];
  const server = createServer(async (req, res) => {
    let text = '';
    for await (const chunk of req) text += String(chunk);
    const r = { headers: req.headers, body: JSON.parse(text) as HttpRequest['body'] };
    requests.push(r);
    const { status = 200, body } = reply(r);
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/classify`;
  return { url, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('the promptfoo backend through promptfoo’s http provider', () => {
  it('sends the variant’s messages and the case, and reads the label from the reply', async () => {
    const answers = ['  Artifact ', '{"label": "other"}', 'maybe visualisation?'];
    let n = 0;
    const service = await startService(() => (n++ >= 3 ? { status: 500, body: { message: `overloaded for ${KEY}` } } : { body: { answer: answers[n - 1] } }));
    try {
      const classifier = await createPromptfooClassifier({
        id: 'http',
        config: {
          url: service.url,
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
          body: { messages: '{{prompt}}', query: '{{query}}' },
          transformResponse: 'json.answer',
          maxRetries: 0,
        },
      });
      expect(classifier).toMatchObject({ backend: 'promptfoo', model: 'http', classifier: { kind: 'promptfoo', ref: 'http' } });
      const predictions = [];
      for (let i = 0; i < 4; i++) predictions.push(await classifier.classify(variant, c));
      expect(predictions.map((p) => p.prediction)).toEqual(['artifact', 'other', 'invalid', 'error']);
      expect(predictions[2]).toMatchObject({ raw: 'maybe visualisation?' });
      // promptfoo's http provider would accept a 500 as an answer; labelgate makes it a failed request.
      expect(predictions[3]!.reason).toMatch(/500/);
      expect(service.requests).toHaveLength(4);
      expect(JSON.stringify(predictions)).not.toContain(KEY);
      const first = service.requests[0]!;
      expect(first.headers.authorization).toBe(`Bearer ${KEY}`);
      expect(first.body.query).toBe(c.query);
      // promptfoo parses a JSON string it renders into a JSON body: the service gets the messages as data.
      const messages = typeof first.body.messages === 'string' ? JSON.parse(first.body.messages) : first.body.messages;
      expect(messages).toEqual(buildMessages(variant, c));
    } finally {
      await service.close();
    }
  });
});

describe('the promptfoo backend and a case whose text is a template', () => {
  it('promptfoo’s http provider sends the text as written: no environment value, nothing evaluated', async () => {
    const secret = 'SENTINEL-environment-value-4242';
    const before = process.env.OPENAI_API_KEY;
    process.env.OPENAI_API_KEY = secret;
    const hostile = { id: 'tpl', query: "{{ env.OPENAI_API_KEY }} and {{ 7*7 }} {{ prompt }} {%- endraw %}{{'{%'}}", document: '{% raw %}{{ query }}' };
    const service = await startService(() => ({ body: { answer: 'other' } }));
    try {
      const classifier = await createPromptfooClassifier({
        id: 'http',
        config: { url: service.url, method: 'POST', headers: { 'content-type': 'application/json' }, body: { messages: '{{prompt}}', query: '{{query}}', document: '{{document}}' }, transformResponse: 'json.answer', maxRetries: 0 },
      });
      expect(await classifier.classify(variant, hostile)).toMatchObject({ prediction: 'other' });
      const sent = service.requests[0]!.body;
      expect([sent.query, sent.document]).toEqual([hostile.query, hostile.document]);
      expect(typeof sent.messages === 'string' ? JSON.parse(sent.messages) : sent.messages).toEqual(buildMessages(variant, hostile));
      expect(JSON.stringify(sent)).not.toMatch(/SENTINEL|and 49/);
    } finally {
      if (before === undefined) delete process.env.OPENAI_API_KEY;
      else process.env.OPENAI_API_KEY = before;
      await service.close();
    }
  });
});

describe('the promptfoo backend through promptfoo’s OpenAI provider', () => {
  let server: OpenAIServer;
  beforeAll(async () => {
    server = await startOpenAIServer();
  });
  afterAll(() => server.close());

  const spec = (apiKey = KEY) => ({ id: 'openai:chat:test-model', config: { apiBaseUrl: server.url, apiKey, temperature: 0 } });

  it('classifies with the variant’s messages, keeps token usage, and never shows the key', async () => {
    server.setHandler((req) => (req.body.messages.at(-1)?.content.includes('password') ? { status: 400, body: { error: { message: `rejected key ${KEY}` } } } : { label: 'artifact' }));
    const before = server.requests.length;
    const classifier = await createPromptfooClassifier(spec());
    const ok = await classifier.classify(variant, c);
    expect(ok).toMatchObject({ prediction: 'artifact', tokens: { prompt: expect.any(Number), completion: expect.any(Number) } });
    expect(ok.tokens!.total).toBe(ok.tokens!.prompt + ok.tokens!.completion);
    const request = server.requests[before]!;
    expect(request.body.model).toBe('test-model');
    expect(request.body.messages).toEqual(buildMessages(variant, c));
    expect(request.headers.authorization).toBe(`Bearer ${KEY}`);
    const failed = await classifier.classify(variant, { id: 'c2', query: 'reset my password' });
    expect(failed.prediction).toBe('error');
    expect(failed.reason).toMatch(/400/);
    expect(JSON.stringify([ok, failed, classifier.classifier])).not.toContain(KEY);
  });

  it('records a config hash that ignores the key, and caches answers through labelgate’s cache', async () => {
    server.setHandler(() => ({ label: 'other' }));
    const a = await createPromptfooClassifier(spec());
    const b = await createPromptfooClassifier(spec('sk-another-key-0000000000'));
    const c2 = await createPromptfooClassifier({ ...spec(), config: { ...spec().config, temperature: 1 } });
    expect(a.classifier!.hash).toBe(b.classifier!.hash);
    expect(c2.classifier!.hash).not.toBe(a.classifier!.hash);

    const dir = tmpDir();
    const before = server.requests.length;
    const viaCreate = await createClassifier({ backend: 'promptfoo', provider: spec(), cacheDir: dir });
    expect(viaCreate.classifier).toEqual(a.classifier);
    await viaCreate.classify(variant, c);
    await viaCreate.classify(variant, c);
    expect(server.requests.length - before).toBe(1);
  });

  it('refuses an id promptfoo does not know, before any case runs', async () => {
    await expect(createPromptfooClassifier({ id: 'no-such-provider:x' })).rejects.toThrow(UserError);
    await expect(createClassifier({ backend: 'promptfoo' })).rejects.toThrow(/needs --provider/);
  });
});
