import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PendingError } from '../../src/core/errors.ts';
import type { Report } from '../../src/report/schema.ts';
import { evaluate } from '../../src/run/evaluate.ts';
import { resolveRunOptions, type RunOptions } from '../../src/run/options.ts';
import { ROOT } from '../helpers/cli.ts';
import { keywordModel, startOpenAIServer, type FakeHandler, type OpenAIServer } from '../helpers/openai-server.ts';
import { tmpDir } from '../helpers/tmp.ts';

const SMALL = path.join(ROOT, 'tests/fixtures/datasets/small.jsonl');
const V3 = path.join(ROOT, 'prompts/docs-router/v3.yaml');

/** Per case, by the words of its query: a server error, a refusal, a label outside the set; the rest by keyword. */
const scripted: FakeHandler = (req) => {
  const text = req.body.messages.at(-1)!.content ?? '';
  if (text.includes('Lightning Trainer')) return { status: 500, body: { error: { message: 'the model is overloaded', type: 'server_error' } } };
  if (text.includes('reset my password')) return { refusal: 'I cannot help with that.' };
  if (text.includes('discount for students')) return { content: '{"label":"billing"}' };
  return keywordModel(req);
};
/** s09's request gets no line in the results at all. */
const S09 = 'my pytorch model overfits';

let server: OpenAIServer;
beforeAll(async () => {
  server = await startOpenAIServer(scripted);
});
afterAll(() => server.close());
beforeEach(() => {
  server.batches.pollsToComplete = 2;
  server.batches.script = {};
});

const options = (dir: string, extra: Partial<RunOptions> = {}): RunOptions => ({
  ...resolveRunOptions({ backend: 'openai', model: 'test-model', baseURL: server.url, variants: [V3], dataset: SMALL }, { cache: path.join(dir, 'cache') }),
  batch: { pollMs: 1 },
  ...extra,
});
const row = (report: Report, id: string) => report.variants[0]!.cases.find((c) => c.id === id)!;
const batchFiles = () => [...server.batches.files.values()].filter((f) => f.purpose === 'batch');
const requestLines = (content: Buffer) => content.toString('utf8').trim().split('\n').map((l) => JSON.parse(l) as { custom_id: string; body: { messages: { content: string }[] } });
const skipS09 = () => {
  const lines = requestLines(batchFiles().at(-1)!.content);
  const s09 = lines.find((l) => l.body.messages.at(-1)!.content.includes(S09))!.custom_id;
  return (id: string) => id === s09;
};

describe('eval --batch through the OpenAI SDK against the local server', () => {
  it('asks every case in one batch with the chat path’s request, maps results back, and leaves the answers in the cache', async () => {
    const dir = tmpDir();
    const before = { batches: server.batches.batches.size, files: batchFiles().length, chat: server.counts().calls };
    const notices: string[] = [];
    // s09's line is dropped once the request file is known (at creation).
    server.batches.pollsToComplete = 3;
    const run = evaluate(options(dir), { notice: (line) => {
      notices.push(line);
      if (line.startsWith('created batch')) server.batches.script = { skip: skipS09() };
    } });
    const { report } = await run;
    expect(server.batches.batches.size - before.batches).toBe(1);
    expect(batchFiles().length - before.files).toBe(1);
    expect(server.counts().calls - before.chat).toBe(0);
    const lines = requestLines(batchFiles().at(-1)!.content);
    expect(lines).toHaveLength(12);
    expect(new Set(lines.map((l) => l.custom_id)).size).toBe(12);

    expect(row(report, 's01')).toMatchObject({ prediction: 'artifact' });
    expect(row(report, 's03')).toMatchObject({ prediction: 'error', reason: 'HTTP 500 (in the batch): the model is overloaded' });
    expect(row(report, 's07')).toMatchObject({ prediction: 'invalid', raw: 'I cannot help with that.', reason: 'the model refused' });
    expect(row(report, 's08')).toMatchObject({ prediction: 'invalid', raw: '{"label":"billing"}' });
    expect(row(report, 's09')).toMatchObject({ prediction: 'error', reason: expect.stringMatching(/^no result for this request in batch batch_fake_\d+$/) });
    expect(row(report, 's01').tokens?.total).toBeGreaterThan(0);
    expect(report.variants[0]!.cases).toHaveLength(12);
    expect(notices.some((n) => /^batch batch_fake_\d+ completed: 10 answered, 2 error\(s\)$/.test(n))).toBe(true);
    // Consumed: the record is gone.
    expect(readdirSync(path.join(dir, 'cache', 'batches'))).toEqual([]);

    // A chat run afterwards (the server well again) asks only the two errors: the batch's answers are in the same cache.
    server.setHandler(keywordModel);
    const chat = await evaluate({ ...options(dir), batch: undefined }).finally(() => server.setHandler(scripted));
    expect(server.counts().calls - before.chat).toBe(2);
    const answers = (r: Report) => r.variants[0]!.cases.filter((c) => c.id !== 's03' && c.id !== 's09').map((c) => [c.id, c.prediction]);
    expect(answers(chat.report)).toEqual(answers(report));
    expect(['s03', 's09'].map((id) => row(chat.report, id).prediction)).not.toContain('error');
    // And what the chat path sent for s09 is exactly the batch line's body.
    const sent = server.requests.filter((r) => r.path === '/v1/chat/completions' && r.body.messages.at(-1)!.content.includes(S09)).at(-1)!;
    expect(sent.body).toEqual(lines.find((l) => l.body.messages.at(-1)!.content.includes(S09))!.body);
  });

  it('resumes the recorded batch after an interruption and after a wait that ran out: one upload, one batch', async () => {
    const dir = tmpDir();
    const before = { batches: server.batches.batches.size, files: batchFiles().length };
    server.batches.pollsToComplete = 6;
    const controller = new AbortController();
    // Ctrl-C while the batch runs: no report, the batch stays recorded.
    await expect(evaluate(options(dir), { signal: controller.signal, notice: (line) => line.startsWith('created batch') && controller.abort() })).rejects.toThrow();
    expect(readdirSync(path.join(dir, 'cache', 'batches'))).toHaveLength(1);
    // A wait that runs out: the same batch, still pending.
    const notices: string[] = [];
    const pending = evaluate(options(dir, { batch: { waitMs: 1, pollMs: 1 } }), { notice: (line) => notices.push(line) });
    await expect(pending).rejects.toThrow(PendingError);
    await expect(pending).rejects.toThrow(/still in_progress after 0 s; no report was written\. Run the same command again to resume it/);
    expect(notices[0]).toMatch(/^resuming batch batch_fake_\d+ \(12 requests/);
    // Then to the end.
    const { report } = await evaluate(options(dir));
    expect(server.batches.batches.size - before.batches).toBe(1);
    expect(batchFiles().length - before.files).toBe(1);
    expect(report.variants[0]!.cases.filter((c) => c.prediction === 'error')).toHaveLength(1);
    expect(readdirSync(path.join(dir, 'cache', 'batches'))).toEqual([]);
  });

  it('a failed batch makes every case an error with the reason; an expired one keeps what it answered', async () => {
    const failedDir = tmpDir();
    server.batches.script = { end: 'failed', failure: 'the input file could not be validated' };
    const failed = (await evaluate(options(failedDir))).report;
    expect(new Set(failed.variants[0]!.cases.map((c) => c.prediction))).toEqual(new Set(['error']));
    expect(row(failed, 's01').reason).toMatch(/^the batch batch_fake_\d+ failed: the input file could not be validated$/);
    expect(existsSync(path.join(failedDir, 'cache', 'batches')) ? readdirSync(path.join(failedDir, 'cache', 'batches')) : []).toEqual([]);

    const expiredDir = tmpDir();
    server.batches.pollsToComplete = 3;
    const run = evaluate({ ...options(expiredDir), cache: false }, { notice: (line) => line.startsWith('created batch') && (server.batches.script = { end: 'expired', skip: skipS09() }) });
    const expired = (await run).report;
    expect(row(expired, 's01').prediction).toBe('artifact');
    expect(row(expired, 's09')).toMatchObject({ prediction: 'error', reason: expect.stringMatching(/expired \(its 24 h window\) before answering this request$/) });
  });

  it('maps answers back whatever the case ids hold: secret-looking, long, quotes, template syntax', async () => {
    const ids = ['0123456789abcdef'.repeat(4), 'sk-AAAAAAAAAAAAAAAAAAAAAAAA', 'x'.repeat(300), 'say "hi" {{query}}', 'üñí/çødé'];
    const dir = tmpDir({ 'd.jsonl': ids.map((id, i) => JSON.stringify({ id, query: i % 2 ? 'a visualisation question' : 'an artifact question', label: 'other' })).join('\n') });
    const { report } = await evaluate({ ...options(dir), dataset: path.join(dir, 'd.jsonl') });
    expect(report.variants[0]!.cases.map((c) => [c.id, c.prediction])).toEqual(ids.map((id, i) => [id, i % 2 ? 'visualisation' : 'artifact']));
    const lines = requestLines(batchFiles().at(-1)!.content);
    // Two distinct requests (the queries), each asked once; custom ids are the answers' cache keys.
    expect(lines.map((l) => l.custom_id)).toEqual([expect.stringMatching(/^[0-9a-f]{40}$/), expect.stringMatching(/^[0-9a-f]{40}$/)]);
  });

  it('needs the openai backend', async () => {
    await expect(evaluate({ ...options(tmpDir()), backend: 'offline' })).rejects.toThrow(/--batch runs the OpenAI Batch API: it needs --backend openai \(not offline\)/);
  });
});
