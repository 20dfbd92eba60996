/**
 * Faults and interruption: `labelgate eval --backend openai` on the validation split against the local
 * OpenAI-protocol server,
 *   - scripted with a mix of faults (429 with Retry-After, 500, hangs longer than the client's
 *     timeout, malformed 200 bodies, refusals) on top of latency: every case must be accounted for,
 *     each retryable fault cost one more request and nothing else was asked twice;
 *   - killed with SIGKILL once about half the answers arrived, then run again on its response cache:
 *     the rerun must ask exactly the cases the killed run had not kept, and end with the predictions
 *     of an uninterrupted run, case by case.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ERROR, INVALID } from '../src/core/outcome.ts';
import { readReport } from '../src/report/io.ts';
import type { Report } from '../src/report/schema.ts';
import { startOpenAIServer, type FakeHandler, type OpenAIServer, type RecordedRequest } from '../tests/helpers/openai-server.ts';
import { FAULTS, scriptedModel, type Fault, type Script, type ScriptedModel } from '../tests/helpers/openai-script.ts';
import { load } from './measure.ts';
import { startEval } from './throughput.ts';

/** Fractions of requests, each drawn again on a retry. */
export const FAULT_MIX: Partial<Record<Fault, number>> = { status429: 0.1, status500: 0.05, hang: 0.02, malformed: 0.02, refusal: 0.01 };
/** Faults the client should try again; a refusal is the model's answer. */
const RETRYABLE: Fault[] = ['status429', 'status500', 'hang', 'malformed'];
const LATENCY_MS = { min: 50, max: 250 };
/** The client's timeout per attempt (project config `timeoutMs`); a hang lasts far longer. */
const TIMEOUT_MS = 2_000;
const HANG_MS = 30_000;
const CONCURRENCY = 8;
const REFUSED = 'the model refused';

/** What one finished run came to. */
interface Outcomes {
  cases: number;
  correct: number;
  incorrect: number;
  invalid: number;
  refused: number;
  error: number;
  /** `variant/case id` → prediction. */
  predictions: Map<string, string>;
  /** Distinct reasons of the `error` cases, with counts. */
  errorReasons: Map<string, number>;
}

function outcomes(report: Report): Outcomes {
  const o: Outcomes = { cases: 0, correct: 0, incorrect: 0, invalid: 0, refused: 0, error: 0, predictions: new Map(), errorReasons: new Map() };
  for (const v of report.variants) {
    for (const c of v.cases) {
      o.cases += 1;
      o.predictions.set(`${v.name}/${c.id}`, c.prediction);
      if (c.prediction === ERROR) {
        o.error += 1;
        const reason = c.reason ?? '(no reason)';
        o.errorReasons.set(reason, (o.errorReasons.get(reason) ?? 0) + 1);
      } else if (c.prediction === INVALID) {
        o.invalid += 1;
        if (c.reason === REFUSED) o.refused += 1;
      } else if (c.prediction === c.gold) o.correct += 1;
      else o.incorrect += 1;
    }
  }
  return o;
}

/** Keys whose predictions differ between two runs, and keys one run has and the other lacks. */
function differences(a: Map<string, string>, b: Map<string, string>): string[] {
  const keys = new Set([...a.keys(), ...b.keys()]);
  return [...keys].filter((k) => a.get(k) !== b.get(k));
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class Bench {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'labelgate-bench-faults-'));
  private runs = 0;
  private reports = 0;

  /** A project config in its own folder: the client's timeout and, when caching, a fresh cache folder. */
  config(cacheDir?: string): string {
    const file = path.join(this.dir, `config-${++this.runs}.yaml`);
    writeFileSync(file, JSON.stringify({ timeoutMs: TIMEOUT_MS, ...(cacheDir && { cache: cacheDir }) }));
    return file;
  }

  args(config: string, out: string, cache: boolean): string[] {
    return [
      'bin/labelgate.js', 'eval', '--backend', 'openai', '--model', 'bench-model', '--split', 'validation',
      '-j', String(CONCURRENCY), '--config', config, '--out', out, '--quiet', ...(cache ? [] : ['--no-cache']),
    ];
  }

  /** One whole eval: its outcomes, the requests it made, its wall time and the load before it. */
  async eval(server: OpenAIServer, config: string, cache: boolean): Promise<{ o: Outcomes; requests: number; wallMs: number; load: string }> {
    const out = path.join(this.dir, `report-${++this.reports}.json`);
    const before = server.counts().calls;
    const loadBefore = load();
    const started = performance.now();
    const code = await startEval(this.args(config, out, cache), server.url).exited;
    const wallMs = performance.now() - started;
    if (code !== 0) throw new Error(`eval exited ${code}`);
    return { o: outcomes(readReport(out)), requests: server.counts().calls - before, wallMs, load: loadBefore };
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Files under `dir` whose names end with `suffix`. */
const filesEnding = (dir: string, suffix: string): number =>
  readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith(suffix)).length;

const FAULT_NAMES: Partial<Record<Fault, string>> = {
  status429: '429, `Retry-After: 1`, `retry-after-ms: 50`',
  status500: '500',
  hang: `hang (${HANG_MS / 1000} s, past the ${TIMEOUT_MS} ms timeout)`,
  malformed: 'malformed 200 body (cut-off JSON)',
  refusal: 'refusal (`message.refusal`, an answer)',
};

/** The scripted model, noting which fault each request drew (by its count at the server). */
function tagged(script: ScriptedModel): { handler: FakeHandler; faultOf: Map<number, Fault> } {
  const faultOf = new Map<number, Fault>();
  const handler: FakeHandler = (req) => {
    const before = { ...script.injected };
    const reply = script(req);
    const fault = FAULTS.find((f) => script.injected[f] !== before[f]);
    if (fault) faultOf.set(req.count, fault);
    return reply;
  };
  return { handler, faultOf };
}

interface FollowUp {
  fault: Fault;
  requests: number;
  /** Of those, how many the same request (variant and case: the same messages) followed. */
  retried: number;
  unanswered: number;
  /** Time to the same request's next arrival, ms. */
  gaps: number[];
}

/** For each injected fault: whether and when the client asked the same thing again. */
function retriesByFault(requests: RecordedRequest[], faultOf: Map<number, Fault>): FollowUp[] {
  const chat = requests.filter((r) => r.path === '/v1/chat/completions');
  const key = (r: RecordedRequest) => JSON.stringify(r.body.messages);
  const byFault = new Map<Fault, FollowUp>(Object.keys(FAULT_MIX).map((f) => [f as Fault, { fault: f as Fault, requests: 0, retried: 0, unanswered: 0, gaps: [] }]));
  chat.forEach((r, i) => {
    const fault = faultOf.get(r.count);
    if (!fault) return;
    const f = byFault.get(fault)!;
    f.requests += 1;
    if (r.status === undefined) f.unanswered += 1;
    const next = chat.slice(i + 1).find((n) => key(n) === key(r));
    if (next) {
      f.retried += 1;
      f.gaps.push(next.receivedAt - (r.answeredAt ?? r.receivedAt));
    }
  });
  return [...byFault.values()];
}

function spread(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  return [sorted[0]!, sorted[Math.floor(sorted.length / 2)]!, sorted.at(-1)!].map((v) => v.toFixed(0)).join(' / ');
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);
const yesNo = (b: boolean) => (b ? 'yes' : '**no**');

export async function faultsAndResume(): Promise<string[]> {
  const bench = new Bench();
  const plain: Script = { seed: 7, latencyMs: LATENCY_MS };
  try {
    // The fault-free run every other run is compared with, on a fresh cache as the killed run has.
    const calm = await startOpenAIServer(scriptedModel(plain));
    const reference = await bench.eval(calm, bench.config(path.join(bench.dir, 'cache-reference')), true);
    await calm.close();

    const script = scriptedModel({ ...plain, faults: FAULT_MIX, hangMs: HANG_MS });
    const { handler, faultOf } = tagged(script);
    const faulty = await startOpenAIServer(handler);
    const mix = await bench.eval(faulty, bench.config(), false);
    const followUps = retriesByFault(faulty.requests, faultOf);
    await faulty.close();

    const killedRun = await killAndRerun(bench, reference.o.cases);

    const mixDiff = differences(reference.o.predictions, mix.o.predictions);
    const mixDiffOutcomes = mixDiff.every((k) => [INVALID, ERROR].includes(mix.o.predictions.get(k) ?? ''));
    const rerunDiff = differences(reference.o.predictions, killedRun.rerun.o.predictions);
    const retryable = RETRYABLE.reduce((sum, f) => sum + script.injected[f], 0);

    const runRow = (name: string, r: { o: Outcomes; requests: number; wallMs: number; load: string }, diff: string) =>
      `| ${[name, r.o.cases, r.o.correct, r.o.incorrect, r.o.invalid, r.o.refused, r.o.error, diff, r.requests, seconds(r.wallMs), r.load].join(' | ')} |`;
    const errorNotes = [...mix.o.errorReasons].map(([reason, n]) => `${n} × ${reason}`);
    const k = killedRun;
    return [
      `Latency uniform in ${LATENCY_MS.min}–${LATENCY_MS.max} ms, \`-j ${CONCURRENCY}\`, the client's timeout ${TIMEOUT_MS} ms (project config \`timeoutMs\`), a hang lasts ${HANG_MS / 1000} s. ` +
        'Fault mix per request (a retry draws again): ' +
        Object.entries(FAULT_MIX).map(([f, p]) => `${f} ${(100 * p!).toFixed(0)}%`).join(', ') + '.',
      '',
      '| run | cases | correct | incorrect | invalid | of which refused | error | predictions ≠ fault-free run | requests | wall s | load (1/5/15 min) before |',
      '|:--|--:|--:|--:|--:|--:|--:|:--|--:|--:|:--|',
      runRow('fault-free (fresh cache)', reference, '—'),
      runRow('fault mix (`--no-cache`)', mix, `${mixDiff.length} (all \`invalid\`/\`error\`: ${yesNo(mixDiffOutcomes)})`),
      runRow('rerun after `kill -9` (same cache)', k.rerun, `${rerunDiff.length}`),
      '',
      `The fault mix's ${mix.requests} requests for ${mix.o.cases} cases: ${mix.requests - mix.o.cases} retries, against ${retryable} retryable faults injected ` +
        `(equal: ${yesNo(mix.requests - mix.o.cases === retryable)}). By fault: how many requests drew it, how many of those the client sent again, ` +
        'and when the same request came back (after the answer; after the request for a hang, which the server never answers):',
      '',
      '| fault | requests | sent again | unanswered (client timed out) | next attempt after, ms (min / median / max) |',
      '|:--|--:|--:|--:|:--|',
      ...followUps.map((f) => `| ${[FAULT_NAMES[f.fault], f.requests, f.retried, f.unanswered, f.gaps.length === 0 ? '—' : spread(f.gaps)].join(' | ')} |`),
      '',
      ...(errorNotes.length > 0 ? [`\`error\` cases of the fault mix: ${errorNotes.join('; ')}.`, ''] : []),
      '`kill -9` once half the answers arrived, then the same command again:',
      '',
      '| answered before the kill (server 200s) | kept in the cache | leftover temporary files | cases | remainder (cases − kept) | rerun requests | rerun requests = remainder | final predictions = fault-free run (case by case) | killed run wall s | rerun wall s |',
      '|--:|--:|--:|--:|--:|--:|:--|:--|--:|--:|',
      `| ${[k.answeredAtKill, k.kept, k.leftoverTmp, k.rerun.o.cases, k.rerun.o.cases - k.kept, k.rerun.requests, yesNo(k.rerun.requests === k.rerun.o.cases - k.kept), `${yesNo(rerunDiff.length === 0)} (${rerunDiff.length} differ)`, seconds(k.killedWallMs), seconds(k.rerun.wallMs)].join(' | ')} |`,
    ];
  } finally {
    bench.close();
  }
}

/** The eval killed with SIGKILL once half its answers arrived at the server, then run again on the same cache. */
async function killAndRerun(bench: Bench, cases: number) {
  const server = await startOpenAIServer(scriptedModel({ seed: 7, latencyMs: LATENCY_MS }));
  try {
    const cache = path.join(bench.dir, 'cache-killed');
    const config = bench.config(cache);
    const started = performance.now();
    const run = startEval(bench.args(config, path.join(bench.dir, 'killed.json'), true), server.url);
    let exited = false;
    void run.exited.then(() => (exited = true));
    const half = Math.ceil(cases / 2);
    while (server.counts().ok < half && !exited) await wait(5);
    if (exited) throw new Error('the eval ended before it could be killed');
    const answeredAtKill = server.counts().ok;
    run.child.kill('SIGKILL');
    const code = await run.exited;
    const killedWallMs = performance.now() - started;
    if (code !== null) throw new Error(`the killed eval exited ${code} instead of dying by its signal`);
    const kept = filesEnding(cache, '.json');
    const leftoverTmp = filesEnding(cache, '.tmp');
    const rerun = await bench.eval(server, config, true);
    return { answeredAtKill, kept, leftoverTmp, killedWallMs, rerun };
  } finally {
    await server.close();
  }
}
