import OpenAI, { toFile } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keywordModel, startOpenAIServer, type OpenAIServer } from './openai-server.ts';

/** The fake server's Files and Batches endpoints, driven by the real SDK the way a batch run will. */
let server: OpenAIServer;
let client: OpenAI;
beforeAll(async () => {
  server = await startOpenAIServer((req) => (req.body.messages.at(-1)!.content.includes('broken') ? { status: 500 } : keywordModel(req)));
  client = new OpenAI({ apiKey: 'sk-test-batches', baseURL: server.url, maxRetries: 0 });
});
afterAll(() => server.close());

const line = (id: string, query: string) =>
  JSON.stringify({
    custom_id: id,
    method: 'POST',
    url: '/v1/chat/completions',
    body: {
      model: 'gpt-test',
      messages: [{ role: 'user', content: query }],
      response_format: { type: 'json_schema', json_schema: { name: 'c', strict: true, schema: { properties: { label: { enum: ['artifact', 'other'] } } } } },
    },
  });

describe('fake server: Files and Batches', () => {
  it('upload, create, poll until completed, download: answers map back by custom_id, failures go to the error file', async () => {
    const jsonl = [line('case-1', 'an artifact question'), line('case-2', 'something else'), line('case-3', 'a broken one'), ''].join('\n');
    const file = await client.files.create({ file: await toFile(Buffer.from(jsonl), 'requests.jsonl'), purpose: 'batch' });
    expect(file).toMatchObject({ object: 'file', purpose: 'batch', filename: 'requests.jsonl', bytes: Buffer.byteLength(jsonl) });
    expect(await (await client.files.content(file.id)).text()).toBe(jsonl);

    const created = await client.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' });
    expect(created.status).toBe('validating');
    const polled = await client.batches.retrieve(created.id);
    expect(polled.status).toBe('in_progress');
    const done = await client.batches.retrieve(created.id);
    expect(done).toMatchObject({ status: 'completed', request_counts: { total: 3, completed: 2, failed: 1 } });

    const output = (await (await client.files.content(done.output_file_id!)).text()).trim().split('\n').map((l) => JSON.parse(l));
    const answers = Object.fromEntries(output.map((o) => [o.custom_id, JSON.parse(o.response.body.choices[0].message.content).label]));
    expect(answers).toEqual({ 'case-1': 'artifact', 'case-2': 'other' });
    const errors = (await (await client.files.content(done.error_file_id!)).text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(errors.map((e) => [e.custom_id, e.response.status_code])).toEqual([['case-3', 500]]);
  });

  it('a request file with a bad line fails the batch with the line number; unknown ids are 404s', async () => {
    const file = await client.files.create({ file: await toFile(Buffer.from(`${line('a', 'q')}\nnot json\n`), 'bad.jsonl'), purpose: 'batch' });
    const batch = await client.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' });
    await client.batches.retrieve(batch.id);
    const failed = await client.batches.retrieve(batch.id);
    expect(failed.status).toBe('failed');
    expect(failed.errors?.data?.map((e) => e.line)).toEqual([2]);
    await expect(client.batches.retrieve('batch_nope')).rejects.toMatchObject({ status: 404 });
    await expect(client.files.retrieve('file-nope')).rejects.toMatchObject({ status: 404 });
  });
});
