import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readReport } from '../../src/report/io.ts';
import { labelgate, ROOT } from '../helpers/cli.ts';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.ts';
import { tmpDir } from '../helpers/tmp.ts';

const SMALL = path.join(ROOT, 'tests/fixtures/datasets/small.jsonl');
const V3 = path.join(ROOT, 'prompts/docs-router/v3.yaml');

/** The team's router: rules from a local file, a short wait, and a log of when each case starts and ends. */
const ROUTER = `import { appendFileSync } from 'node:fs';
import { RULES } from './rules.ts';

export async function classify(c: { id: string; query: string }, ctx: { labels: string[] }) {
  appendFileSync(process.env.ROUTER_LOG!, 'start\\n');
  await new Promise((resolve) => setTimeout(resolve, 30));
  appendFileSync(process.env.ROUTER_LOG!, 'end\\n');
  const q = c.query.toLowerCase();
  const hit = Object.entries(RULES).find(([word]) => q.includes(word));
  return hit && ctx.labels.includes(hit[1]) ? { label: hit[1], raw: 'rule ' + hit[0] } : 'other';
}
`;
const rules = (extra = '') => `export const RULES: Record<string, string> = { artifact: 'artifact', lightning: 'integrations'${extra} };\n`;

/** The most cases in flight at once, from the router's start/end log. */
function maxInFlight(log: string): number {
  let now = 0;
  let max = 0;
  for (const line of log.split('\n')) {
    if (line === 'start') max = Math.max(max, ++now);
    if (line === 'end') now -= 1;
  }
  return max;
}

describe('labelgate eval with the team’s own classifier (module backend)', () => {
  it('runs the code with bounded concurrency, records its hash, shows a code change in the diff, and names a missing export', async () => {
    const dir = tmpDir({ 'src/router.ts': ROUTER, 'src/rules.ts': rules(), 'labelgate.config.yaml': `classifier: src/router.ts#classify\ndataset: ${SMALL}\nvariants: ${V3}\n` });
    const log = path.join(dir, 'router.log');
    writeFileSync(log, '');
    const env = { ROUTER_LOG: log };
    const first = await labelgate(['eval', '-j', '2', '--out', 'r1.json', '--quiet'], { cwd: dir, env });
    expect(first.code, first.stderr).toBe(0);
    const r1 = readReport(path.join(dir, 'r1.json')).variants[0]!;
    expect(r1).toMatchObject({ backend: 'module', model: 'src/router.ts#classify', classifier: { kind: 'module', ref: 'src/router.ts#classify' } });
    expect(r1.cases).toHaveLength(12);
    expect(r1.cases.find((c) => c.id === 's03')).toMatchObject({ gold: 'integrations', prediction: 'integrations', raw: 'rule lightning' });
    const calls = readFileSync(log, 'utf8');
    expect(calls.match(/start/g)).toHaveLength(12);
    expect(maxInFlight(calls)).toBe(2);

    // A change in a file the router imports is a new classifier: asked again (not cached), and visible in the diff.
    writeFileSync(path.join(dir, 'src/rules.ts'), rules(", chart: 'visualisation'"));
    const second = await labelgate(['eval', '-j', '2', '--out', 'r2.json', '--quiet'], { cwd: dir, env });
    expect(second.code, second.stderr).toBe(0);
    expect(readFileSync(log, 'utf8').match(/start/g)).toHaveLength(24);
    const r2 = readReport(path.join(dir, 'r2.json')).variants[0]!;
    expect(r2.classifier!.hash).not.toBe(r1.classifier!.hash);
    expect(r2.hash).toBe(r1.hash);
    const diff = await labelgate(['diff', 'r1.json', 'r2.json'], { cwd: dir });
    expect(diff.code, diff.stderr).toBe(0);
    expect(diff.stdout).toContain(`classifier src/router.ts#classify (${r1.classifier!.hash.slice(0, 12)}) -> src/router.ts#classify (${r2.classifier!.hash.slice(0, 12)})`);

    const missing = await labelgate(['eval', '--classifier', 'src/router.ts#route', '--out', 'r3.json'], { cwd: dir, env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('src/router.ts: no function "route" exported by the classifier module (it exports "classify")');
    expect(missing.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('labelgate eval through a promptfoo provider (promptfoo backend)', () => {
  let server: OpenAIServer;
  beforeAll(async () => {
    server = await startOpenAIServer();
  });
  afterAll(() => server.close());

  it('takes the provider from labelgate.config.yaml, classifies every case, keeps tokens and never writes the key', async () => {
    const key = 'sk-test-CONFIGKEY-8c1d2e3f4a5b6c7d';
    const dir = tmpDir({
      'labelgate.config.yaml': `dataset: ${SMALL}\nvariants: ${V3}\nprovider:\n  id: openai:chat:test-model\n  config:\n    apiBaseUrl: ${server.url}\n    apiKey: ${key}\n`,
    });
    const r = await labelgate(['eval', '--out', 'r.json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(server.requests).toHaveLength(12);
    expect(server.requests.every((q) => q.body.model === 'test-model')).toBe(true);
    const text = readFileSync(path.join(dir, 'r.json'), 'utf8');
    const v = readReport(path.join(dir, 'r.json')).variants[0]!;
    expect(v).toMatchObject({ backend: 'promptfoo', model: 'openai:chat:test-model', classifier: { kind: 'promptfoo', ref: 'openai:chat:test-model' } });
    expect(v.metrics.error + v.metrics.invalid).toBe(0);
    expect(v.usage.tokens.total).toBeGreaterThan(0);
    for (const out of [text, r.stdout, r.stderr]) expect(out).not.toContain(key);
  });
});
