import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/core/text.ts';
import { loadDataset } from '../../src/dataset/load.ts';
import { compareDistributions } from '../../src/metrics/drift.ts';
import { readApplyReport } from '../../src/report/apply-io.ts';
import type { ApplyReport } from '../../src/report/apply-schema.ts';
import { loadVariant } from '../../src/variant/load.ts';
import { activeMarkdown } from '../diff/markdown-checks.ts';
import { labelgate, ROOT } from '../helpers/cli.ts';
import { keywordModel, startOpenAIServer, type OpenAIServer, type RecordedRequest } from '../helpers/openai-server.ts';
import { activeTerminal } from '../helpers/terminal-checks.ts';
import { tmpDir } from '../helpers/tmp.ts';

const CORPUS = path.join(ROOT, 'datasets/docs-assistant-corpus.jsonl');
const V1 = path.join(ROOT, 'prompts/docs-router/v1.yaml');
const V3 = path.join(ROOT, 'prompts/docs-router/v3.yaml');

/** Pearson's statistic on a 2 × K table, written out here apart from src/ (all-zero columns skipped). */
function pearson(a: number[], b: number[]): number {
  const na = a.reduce((s, x) => s + x, 0);
  const nb = b.reduce((s, x) => s + x, 0);
  let chi = 0;
  a.forEach((x, j) => {
    const col = x + b[j]!;
    if (col === 0) return;
    const ea = (na * col) / (na + nb);
    const eb = (nb * col) / (na + nb);
    chi += (x - ea) ** 2 / ea + (b[j]! - eb) ** 2 / eb;
  });
  return chi;
}

const countsOf = (r: ApplyReport) => [...r.variant.labels, 'invalid', 'error'].map((l) => r.cases.filter((c) => c.prediction === l).length);

describe('labelgate apply through the offline backend on the bundled corpus', () => {
  it('the distribution, the report, and drift from another variant with the cases that changed label', async () => {
    const dir = tmpDir();
    const first = path.join(dir, 'v1.json');
    const second = path.join(dir, 'v3.json');
    const a = await labelgate(['apply', '--variant', V1, '--input', CORPUS, '--out', first, '--format', 'json'], { cwd: ROOT });
    expect(a.code, a.stderr).toBe(0);
    const earlier = readApplyReport(first);
    // What --format json prints is the view: the report itself, as written.
    expect(JSON.parse(a.stdout)).toEqual({ report: earlier });

    const b = await labelgate(['apply', '--variant', V3, '--input', CORPUS, '--out', second, '--compare', first], { cwd: ROOT, env: { COLUMNS: '64' } });
    expect(b.code, b.stderr).toBe(0);
    const later = readApplyReport(second);

    const dataset = loadDataset(CORPUS);
    expect(later.corpus).toEqual({ path: CORPUS, hash: dataset.hash, size: 457, totalSize: 457 });
    expect(later.variant).toMatchObject({ name: 'v3', version: '3.0.0', hash: loadVariant(V3).hash, backend: 'offline', model: 'lexical-v1', labels: ['artifact', 'integrations', 'visualisation', 'other'] });
    expect(later.cases.map((c) => c.id)).toEqual(dataset.cases.map((c) => c.id));
    expect(later.distribution.rows.map((r) => [r.label, r.count])).toEqual(
      ['artifact', 'integrations', 'visualisation', 'other', 'invalid', 'error'].map((l, i) => [l, countsOf(later)[i]]),
    );

    // The terminal table: every category with its count and share, bars within 64 columns and in proportion.
    const text = b.stdout;
    for (const row of later.distribution.rows) {
      expect(text).toMatch(new RegExp(`^${row.label} +${row.count} +${(100 * row.share).toFixed(1)}%`, 'm'));
    }
    const tableLines = text.split('\n').slice(3, 12);
    for (const line of tableLines) expect(displayWidth(line), line).toBeLessThanOrEqual(64);
    const barOf = (label: string) => (tableLines.find((l) => l.startsWith(`${label} `))!.match(/[█▏▎▍▌▋▊▉]+/)?.[0] ?? '').length;
    const other = later.distribution.rows.find((r) => r.label === 'other')!;
    const artifact = later.distribution.rows.find((r) => r.label === 'artifact')!;
    expect(barOf('artifact') / barOf('other')).toBeCloseTo(artifact.count / other.count, 1);
    expect(barOf('invalid')).toBe(0);

    // Drift: the printed statistic is Pearson's on the two reports' counts; the label changes are the ids whose prediction differs.
    const drift = compareDistributions(earlier, later);
    expect(drift.chiSquare.statistic).toBeCloseTo(pearson(countsOf(earlier), countsOf(later)), 9);
    expect(text).toContain(`chi-square ${drift.chiSquare.statistic.toFixed(2)}, df 3,`);
    expect(text).toContain(drift.flagged ? 'DRIFT: the distributions differ at α = 0.05' : 'no significant drift at α = 0.05');
    expect(text).toContain('left out of the chi-square test (no case in either report): invalid, error');
    const before = new Map(earlier.cases.map((c) => [c.id, c.prediction]));
    const changed = later.cases.filter((c) => before.get(c.id) !== c.prediction).length;
    expect(changed).toBeGreaterThan(0);
    expect(text).toContain(`${changed} of 457 shared case(s) changed label`);
    expect(text).toContain(`report: ${second}`);
  });
});

const ESC_ID = 'esc-\u001b]0;pwned\u0007-\u001b[2J';
const RTL_ID = 'rtl-\u202eabc';
const HOSTILE = [
  { id: '<script>alert(1)</script>', query: 'how do I log an artifact', document: '</code></table><img src=x onerror=alert(1)>' },
  { id: ESC_ID, query: 'REFUSE me: an artifact question' },
  { id: RTL_ID, query: 'FAIL me please' },
  { id: '@someone #123 | www.example.com', query: 'visualisation of my loss [link](https://example.com)' },
  { id: 'plain', query: 'what is the weather' },
];

const asks = (req: RecordedRequest, text: string) => req.body.messages.at(-1)!.content.includes(text);
const isV3 = (req: RecordedRequest) => req.body.messages[0]!.content.includes('router of the documentation assistant');

describe('labelgate apply against an OpenAI-compatible server, on a hostile corpus', () => {
  let server: OpenAIServer;
  beforeAll(async () => {
    server = await startOpenAIServer((req) => {
      if (asks(req, 'REFUSE')) return { refusal: 'No. <script>alert(2)</script> \u001b[31mred\u001b[0m @maintainer' };
      if (asks(req, 'FAIL')) return { status: 400, body: { error: { message: 'bad request \u001b]0;title\u0007 <b>bold</b>' } } };
      // v3 moves every artifact question to `other`: label changes whose examples are the hostile ids.
      if (isV3(req) && asks(req, 'artifact')) return { label: 'other' };
      return keywordModel(req);
    });
  });
  afterAll(() => server.close());

  it('a refusal is invalid and a failed request error, both counted; every output is inert', async () => {
    const dir = tmpDir();
    const corpus = path.join(dir, 'corpus.jsonl');
    writeFileSync(corpus, HOSTILE.map((c) => JSON.stringify(c)).join('\n'));
    const env = { OPENAI_API_KEY: 'sk-test-not-a-key', OPENAI_BASE_URL: server.url };
    const common = ['--input', corpus, '--backend', 'openai', '--model', 'test-model', '-j', '2'];
    const first = path.join(dir, 'first.json');
    const text = await labelgate(['apply', '--variant', V1, ...common, '--out', first], { cwd: dir, env });
    expect(text.code, text.stderr).toBe(0);
    const earlier = readApplyReport(first);
    expect(earlier.cases.map((c) => c.id)).toEqual(HOSTILE.map((c) => c.id));
    expect(earlier.cases[1]).toEqual({ id: ESC_ID, prediction: 'invalid', reason: 'the model refused' });
    expect(earlier.cases[2]).toMatchObject({ id: RTL_ID, prediction: 'error', reason: expect.stringContaining('400') });
    expect(earlier.distribution.rows.slice(-2).map((r) => [r.label, r.count])).toEqual([
      ['invalid', 1],
      ['error', 1],
    ]);
    expect(text.stdout).toMatch(/^invalid +1 +20\.0%/m);
    expect(text.stdout).toMatch(/^error +1 +20\.0%/m);
    expect(text.stdout).toContain('2 case(s) without a valid label');
    // The ids are shown, made inert: escape sequences removed, the override made visible.
    expect(text.stdout).toContain('esc--: invalid (the model refused)');
    expect(text.stdout).toContain('rtl-<U+202E>abc: error (HTTP 400');
    expect(activeTerminal(`${text.stdout}${text.stderr}`)).toEqual([]);

    // The second variant, compared with the first, as a page and as markdown (the second run answers from the cache).
    const args = ['apply', '--variant', V3, ...common, '--compare', first, '--out', path.join(dir, 'second.json')];
    const html = await labelgate([...args, '--format', 'html'], { cwd: dir, env });
    expect(html.code, html.stderr).toBe(0);
    const requests = server.requests.length;
    const md = await labelgate([...args, '--format', 'markdown'], { cwd: dir, env });
    expect(md.code, md.stderr).toBe(0);
    // Only the failed request is asked again: everything else came from the response cache.
    expect(server.requests.length - requests).toBe(1);

    const page = html.stdout;
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain("default-src 'none'");
    expect(page).toContain("script-src 'none'");
    expect(page).not.toMatch(/<script\b/i);
    expect(page).not.toMatch(/<img\b/i);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('class="verdict');
    expect(page).toMatch(/artifact<\/td><td class="l">other<\/td><td>\d+<\/td><td class="l">.*&lt;script&gt;/);
    expect(activeTerminal(page)).toEqual([]);

    expect(md.stdout).toContain('### Drift against');
    expect(md.stdout).toContain('&lt;script&gt;');
    expect(md.stdout).toMatch(/\| artifact \| other \| \d+ \|/);
    expect(activeMarkdown(md.stdout)).toEqual([]);
  });
});

describe('labelgate apply: bad input', () => {
  it('file:line, exit 2, no stack, no report', async () => {
    const dir = tmpDir({
      'bad.jsonl': '{"id": "a", "query": "fine"}\n{"id": "a", "query": "again"}\n',
      'eval.json': JSON.stringify({ schemaVersion: 1, variants: [] }),
      'newer.json': JSON.stringify({ schemaVersion: 99, kind: 'labelgate-apply' }),
    });
    const out = path.join(dir, 'out.json');
    const run = (...args: string[]) => labelgate(['apply', '--out', out, ...args], { cwd: dir });
    const [dup, evalReport, newer, two, alpha, format] = await Promise.all([
      run('--variant', V1, '--input', path.join(dir, 'bad.jsonl')),
      run('--variant', V1, '--input', CORPUS, '--compare', path.join(dir, 'eval.json')),
      run('--variant', V1, '--input', CORPUS, '--compare', path.join(dir, 'newer.json')),
      run('--variant', `${V1},${V3}`, '--input', CORPUS),
      run('--variant', V1, '--input', CORPUS, '--alpha', '1.5'),
      run('--variant', V1, '--input', CORPUS, '--format', 'pdf'),
    ]);
    for (const r of [dup, evalReport, newer, two, alpha, format]) {
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(dup.stderr).toContain(`${path.join(dir, 'bad.jsonl')}:2: duplicate id "a" (first on line 1)`);
    expect(evalReport.stderr).toContain(`${path.join(dir, 'eval.json')}: an eval report, not an apply report (labelgate apply --out writes those)`);
    expect(newer.stderr).toContain('apply report schemaVersion 99 is newer than this labelgate reads (1): upgrade labelgate');
    expect(two.stderr).toContain('apply classifies with one variant (got 2');
    expect(alpha.stderr).toContain('--alpha must be a number between 0 and 1');
    expect(format.stderr).toContain('--format must be one of text, markdown, json, html');
    expect(existsSync(out)).toBe(false);
    expect(readFileSync(path.join(dir, 'bad.jsonl'), 'utf8')).toContain('again');
  });
});
