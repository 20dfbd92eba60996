import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/dataset/load.ts';
import { loadWeakLabels } from '../../src/dataset/weak.ts';
import { BIN, labelgate, ROOT } from '../helpers/cli.ts';
import { keywordModel, startOpenAIServer, type OpenAIServer, type RecordedRequest } from '../helpers/openai-server.ts';
import { tmpDir } from '../helpers/tmp.ts';

const CORPUS = path.join(ROOT, 'datasets/docs-assistant-corpus.jsonl');
const V1 = path.join(ROOT, 'prompts/docs-router/v1.yaml');
const V3 = path.join(ROOT, 'prompts/docs-router/v3.yaml');
const KEY = 'sk-test-SECRET-label-0a1b2c3d4e5f';

describe('labelgate label through the offline backend on the bundled corpus', () => {
  it('one line per case in input order, the first variant proposes, agreement as the opinions say', async () => {
    const dir = tmpDir();
    const out = path.join(dir, 'weak.jsonl');
    const r = await labelgate(['label', '--variant', `${V1},${V3}`, '--input', CORPUS, '--out', out], { cwd: ROOT });
    expect(r.code, r.stderr).toBe(0);
    const corpus = loadDataset(CORPUS).cases;
    expect(corpus).toHaveLength(457);
    const weak = loadWeakLabels(out).lines;
    expect(weak.map((l) => l.id)).toEqual(corpus.map((c) => c.id));
    for (const [i, l] of weak.entries()) {
      expect([l.query, l.document, l.metadata]).toEqual([corpus[i]!.query, corpus[i]!.document, corpus[i]!.metadata]);
      expect(l.opinions.map((o) => o.variant)).toEqual(['v1@1.0.0', 'v3@3.0.0']);
      // The offline model always answers a label, so v1 proposes every case.
      expect(l.proposal).toEqual({ label: l.opinions[0]!.label, by: 'v1@1.0.0', backend: 'offline', model: 'lexical-v1' });
      expect(l.agreed).toBe(l.opinions[0]!.label === l.opinions[1]!.label);
    }
    const agreed = weak.filter((l) => l.agreed).length;
    // Both variants disagree on part of the corpus (they are different prompts), not on all of it.
    expect(agreed).toBeGreaterThan(100);
    expect(agreed).toBeLessThan(457);
    const proposed = (label: string) => weak.filter((l) => l.proposal?.label === label).length;
    expect(r.stdout).toContain(`labelgate label: 457 case(s) written to ${out}, all 2 variants agree on ${agreed} (${((100 * agreed) / 457).toFixed(1)}%)`);
    for (const label of ['artifact', 'integrations', 'visualisation', 'other']) expect(r.stdout).toMatch(new RegExp(`^${label} +${proposed(label)} `, 'm'));
    expect(r.stdout).toMatch(/^v1@1\.0\.0 +0 +0$/m);
    expect(r.stderr).toMatch(/v1@1\.0\.0: 457\/457 .* done/);
  });
});

/** v1's requests (its system message lacks v3's opening) and the case a request is about. */
const isV1 = (req: RecordedRequest) => !req.body.messages[0]!.content.includes('router of the documentation assistant');
const asks = (req: RecordedRequest, text: string) => req.body.messages.at(-1)!.content.includes(text);

describe('labelgate label against an OpenAI-compatible server', () => {
  let server: OpenAIServer;
  beforeAll(async () => {
    server = await startOpenAIServer();
  });
  afterAll(() => server.close());

  it('a refusal is invalid and a failed request is error, kept with their reasons; a rerun asks only what failed', async () => {
    const dir = tmpDir();
    const input = path.join(dir, 'unlabeled.jsonl');
    writeFileSync(
      input,
      [
        { id: 'u1', query: 'How do I log an artifact?', document: 'Artifacts store files.' },
        { id: 'u2', query: 'REFUSE-V1 a visualisation of my loss curve', document: 'Dashboards show charts.' },
        { id: 'u3', query: 'FAIL-ALL please', document: 'nothing' },
        { id: 'u4', query: 'Does it work with the PyTorch Lightning integrations?' },
      ]
        .map((c) => JSON.stringify(c))
        .join('\n'),
    );
    server.setHandler((req) => {
      if (asks(req, 'FAIL-ALL')) return isV1(req) ? { status: 400, body: { error: { message: `bad request for ${KEY}` } } } : { refusal: 'I cannot help with that.' };
      if (asks(req, 'REFUSE-V1') && isV1(req)) return { refusal: 'I cannot help with that.' };
      return keywordModel(req);
    });
    const out = path.join(dir, 'weak.jsonl');
    const env = { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: server.url };
    const args = ['label', '--variant', `${V1},${V3}`, '--input', input, '--out', out, '--backend', 'openai', '--model', 'test-model', '-j', '2'];
    const first = await labelgate(args, { cwd: dir, env });
    expect(first.code, first.stderr).toBe(0);
    expect(server.requests).toHaveLength(8);
    const weak = loadWeakLabels(out).lines;
    expect(weak.map((l) => l.id)).toEqual(['u1', 'u2', 'u3', 'u4']);
    const [u1, u2, u3, u4] = weak;
    expect(u1).toMatchObject({ proposal: { label: 'artifact', by: 'v1@1.0.0', backend: 'openai', model: 'test-model' }, agreed: true });
    // v1 refused: v3's label is proposed, v1's refusal stays as an opinion.
    expect(u2!.opinions[0]).toEqual({ variant: 'v1@1.0.0', label: 'invalid', reason: 'the model refused' });
    expect(u2).toMatchObject({ proposal: { label: 'visualisation', by: 'v3@3.0.0' }, agreed: false });
    // Neither gave a label: no proposal, both answers kept.
    expect(u3!.proposal).toBeNull();
    expect(u3!.opinions.map((o) => o.label)).toEqual(['error', 'invalid']);
    expect(u3!.opinions[0]!.reason).toMatch(/400/);
    expect(u4).toMatchObject({ proposal: { label: 'integrations' }, agreed: true });
    expect(first.stdout).toMatch(/^\(no proposal\) +1 +25\.0%$/m);
    expect(first.stdout).toMatch(/^v1@1\.0\.0 +1 +1$/m);
    expect(first.stdout).toMatch(/^v3@3\.0\.0 +1 +0$/m);
    for (const text of [readFileSync(out, 'utf8'), first.stdout, first.stderr]) expect(text).not.toContain(KEY);

    // Resumable: the answers are in the response cache; only the failed request is sent again.
    server.setHandler(keywordModel);
    const second = await labelgate(args, { cwd: dir, env });
    expect(second.code, second.stderr).toBe(0);
    expect(server.requests).toHaveLength(9);
    const again = loadWeakLabels(out).lines;
    expect(again[2]!.opinions.map((o) => o.label)).toEqual(['other', 'invalid']);
    expect(again[2]!.proposal).toMatchObject({ label: 'other', by: 'v1@1.0.0' });
  });
});

describe('Ctrl-C during labelgate label, then the same command again', () => {
  let server: OpenAIServer;
  beforeAll(async () => {
    // A slow model: 12 cases one at a time take seconds, long enough to interrupt.
    server = await startOpenAIServer((req) => ({ ...(keywordModel(req) as { label: string }), delayMs: 200 }));
  });
  afterAll(() => server.close());

  it('stops with exit 130 and writes nothing; the rerun asks only the cases not yet answered', async () => {
    const dir = tmpDir();
    const out = path.join(dir, 'weak.jsonl');
    const small = path.join(ROOT, 'tests/fixtures/datasets/small.jsonl');
    const args = ['label', '--variant', V3, '--input', small, '--out', out, '--backend', 'openai', '--model', 'm', '-j', '1'];
    const env = { OPENAI_API_KEY: 'sk-test-not-a-key', OPENAI_BASE_URL: server.url };
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const end = Date.now() + 60_000;
    while (server.counts().ok < 3 && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
    child.kill('SIGINT');
    expect(await exited, stderr).toBe(130);
    const m = /labelgate label: interrupted after (\d+) of 12 cases; no report was written; (\d+) answers? (is|are) kept/.exec(stderr);
    expect(m, stderr).not.toBeNull();
    const kept = Number(m![2]);
    expect(kept).toBeGreaterThanOrEqual(3);
    expect(kept).toBeLessThan(12);
    expect(existsSync(out)).toBe(false);

    const before = server.counts().ok;
    const again = await labelgate(args, { cwd: dir, env });
    expect(again.code, again.stderr).toBe(0);
    expect(server.counts().ok - before).toBe(12 - kept);
    expect(loadWeakLabels(out).lines).toHaveLength(12);
  }, 180_000);
});

describe('labelgate label: bad input', () => {
  it('file:line, exit 2, no stack, and nothing written', async () => {
    const dir = tmpDir({ 'bad.jsonl': '{"id": "a", "query": "fine"}\n{"id": "b", "query": 42}\n' });
    const out = path.join(dir, 'weak.jsonl');
    const bad = await labelgate(['label', '--variant', V1, '--input', path.join(dir, 'bad.jsonl'), '--out', out], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${path.join(dir, 'bad.jsonl')}:2: field "query": `);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);

    const [noOut, overwrite, shard] = await Promise.all([
      labelgate(['label', '--variant', V1, '--input', CORPUS], { cwd: dir }),
      labelgate(['label', '--variant', V1, '--input', path.join(dir, 'bad.jsonl'), '--out', path.join(dir, 'bad.jsonl')], { cwd: dir }),
      labelgate(['label', '--variant', V1, '--input', CORPUS, '--out', out, '--shard', '1/2'], { cwd: dir }),
    ]);
    expect([noOut.code, noOut.stderr.trim()]).toEqual([2, 'labelgate label: --out is required']);
    expect(overwrite.code).toBe(2);
    expect(overwrite.stderr).toContain('--out is the --input file');
    expect(shard.code).toBe(2);
    expect(shard.stderr).toMatch(/Unknown option '--shard'/);
  });
});
