import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import OpenAI, { toFile } from 'openai';
import type { Batch } from 'openai/resources/batches';
import { writeFileAtomic } from '../core/files.ts';
import { PendingError, UserError } from '../core/errors.ts';
import { contentHash } from '../core/hash.ts';
import { ERROR } from '../core/outcome.ts';
import { labelNames, type Variant } from '../variant/schema.ts';
import { readCachedAnswer, responseCacheKey, storeCachedAnswer } from './cache.ts';
import { checkInputSize } from './input-guard.ts';
import { systemClock, type Clock } from './limiter.ts';
import { chatParams, completionPrediction, isCompletion, openAIAccess, openAIClient } from './openai.ts';
import { oneLine, redactor } from './redact.ts';
import type { Classifier, ClassifierCase, Prediction } from './types.ts';

/** What one eval asks: every variant on every case, `repeat` times. */
export interface BatchPlan {
  variants: readonly Variant[];
  cases: readonly ClassifierCase[];
  repeat: number;
}

export interface OpenAIBatchOptions {
  model: string;
  apiKey?: string;
  baseURL?: string;
  temperature?: number;
  maxTokens?: number;
  /** Per API call (upload, create, poll, download). */
  timeoutMs?: number;
  /** What besides the model and messages decides an answer: the chat path's cache settings. */
  cacheSettings: Record<string, unknown>;
  /** The response cache: answers already there are not asked again, and the batch's answers go there. `false`: none. */
  cacheDir: string | false;
  /** Cases longer than this are left to the input guard (`invalid`), never put in the batch. */
  maxInputChars: number | false;
  /** Where the batch in flight is recorded, by the request file's hash, so that a rerun resumes it. */
  recordDir: string;
  /** How long to wait for the batch to finish before giving up until the next run (default 24 h). */
  waitMs?: number;
  /** The first wait between polls; each next one is 1.5 times longer, up to `maxPollMs`. */
  pollMs?: number;
  maxPollMs?: number;
  /** Progress lines (created, resumed, status changes, done). */
  log?: (line: string) => void;
  signal?: AbortSignal;
  clock?: Clock;
}

export const BATCH_ENDPOINT = '/v1/chat/completions';
const DEFAULT_WAIT_MS = 24 * 60 * 60 * 1000;
const DEFAULT_POLL_MS = 5_000;
const DEFAULT_MAX_POLL_MS = 60_000;
const PENDING: ReadonlySet<Batch['status']> = new Set(['validating', 'in_progress', 'finalizing', 'cancelling']);

/** The batch in flight for one request file, kept in `recordDir` until its results are in. */
interface BatchRecord {
  batchId?: string;
  inputFileId?: string;
  requests: number;
  model: string;
  createdAt: string;
}

interface Request {
  variant: Variant;
  c: ClassifierCase;
}

/**
 * `eval --batch`: every answer the response cache does not hold yet is asked in one OpenAI batch
 * (the same request the chat path sends, as a JSONL line whose `custom_id` is the answer's cache
 * key), uploaded, created, polled with backoff and read back through the chat path's parsing. The
 * answers go to the response cache; what failed is `error` with the reason, what came back without
 * a result is `error` too. The batch id is recorded by the request file's hash, so an interrupted
 * run resumes polling the same batch instead of paying twice. Returns the classifier that answers
 * the eval from these results (to be wrapped in the response cache and the input guard).
 */
export async function runOpenAIBatch(options: OpenAIBatchOptions, plan: BatchPlan): Promise<Classifier> {
  const { model, apiKey, baseURL } = openAIAccess(options);
  const redact = redactor([apiKey]);
  const identity = { backend: 'openai' as const, model };
  const temperature = options.temperature ?? 0;
  const keyOf = (variant: Variant, c: ClassifierCase) => responseCacheKey(identity, options.cacheSettings, {}, variant, c);
  const log = options.log ?? (() => {});

  const requests = new Map<string, Request>();
  for (const variant of plan.variants) {
    for (const base of plan.cases) {
      for (let repeat = 0; repeat < plan.repeat; repeat++) {
        const c = repeat > 0 ? { ...base, repeat } : base;
        if (options.maxInputChars !== false && checkInputSize(c, options.maxInputChars)) continue;
        const key = keyOf(variant, c);
        if (options.cacheDir !== false && readCachedAnswer(options.cacheDir, key)) continue;
        requests.set(key, { variant, c });
      }
    }
  }
  const results = new Map<string, Prediction>();
  if (requests.size > 0) {
    const client = openAIClient({ apiKey, baseURL }, options.timeoutMs ?? 60_000, 2, redact);
    const run = new BatchRun(client, options, { model, redact, log }, requests, temperature);
    for (const [key, p] of await run.results()) {
      results.set(key, p);
      if (options.cacheDir !== false) storeCachedAnswer(options.cacheDir, key, p);
    }
  } else {
    log('every answer is in the response cache: no batch needed');
  }
  return {
    ...identity,
    async classify(variant, c) {
      return results.get(keyOf(variant, c)) ?? { prediction: ERROR, reason: 'this request was not part of the batch' };
    },
  };
}

class BatchRun {
  private readonly text: string;
  private readonly recordFile: string;
  private readonly clock: Clock;

  constructor(
    private readonly client: OpenAI,
    private readonly options: OpenAIBatchOptions,
    private readonly ctx: { model: string; redact: (s: string) => string; log: (line: string) => void },
    private readonly requests: ReadonlyMap<string, Request>,
    temperature: number,
  ) {
    const lines = [...requests].map(([key, r]) =>
      JSON.stringify({ custom_id: key, method: 'POST', url: BATCH_ENDPOINT, body: chatParams(ctx.model, r.variant, r.c, temperature, options.maxTokens) }),
    );
    this.text = `${lines.join('\n')}\n`;
    // The server is part of what a batch id means: the same requests sent elsewhere are another batch.
    const hash = contentHash(`${options.baseURL ?? 'https://api.openai.com/v1'}\n${this.text}`, 40);
    this.recordFile = path.join(options.recordDir, `${hash}.json`);
    this.clock = options.clock ?? systemClock;
  }

  /** Every request's prediction, by custom id (the cache key). */
  async results(): Promise<Map<string, Prediction>> {
    const batch = await this.finished(await this.started());
    const predictions = await this.collect(batch);
    // Consumed: the answers are in the cache; what failed is asked by the next run, in a new batch.
    rmSync(this.recordFile, { force: true });
    const errors = [...predictions.values()].filter((p) => p.prediction === ERROR).length;
    this.ctx.log(`batch ${batch.id} ${batch.status}: ${predictions.size - errors} answered, ${errors} error(s)`);
    return predictions;
  }

  /** The batch of this request file: the recorded one, else a new one (upload, create, record). */
  private async started(): Promise<Batch> {
    const record = this.readRecord();
    if (record?.batchId !== undefined) {
      this.ctx.log(`resuming batch ${record.batchId} (${record.requests} requests, recorded in ${this.recordFile})`);
      try {
        return await this.call(() => this.client.batches.retrieve(record.batchId!));
      } catch (e) {
        if (e instanceof OpenAI.NotFoundError) {
          rmSync(this.recordFile, { force: true });
          throw new UserError(`the recorded batch ${record.batchId} does not exist on this server (another account or server?); its record was removed: run again to create a new batch`, this.recordFile);
        }
        throw e;
      }
    }
    let inputFileId = record?.inputFileId;
    if (inputFileId === undefined) {
      const file = await this.call(async () =>
        this.client.files.create({ file: await toFile(Buffer.from(this.text), `labelgate-batch-${path.basename(this.recordFile, '.json').slice(0, 12)}.jsonl`), purpose: 'batch' }),
      );
      inputFileId = file.id;
      this.writeRecord({ inputFileId });
    }
    const batch = await this.call(() =>
      this.client.batches.create({ input_file_id: inputFileId!, endpoint: BATCH_ENDPOINT, completion_window: '24h', metadata: { source: 'labelgate', requests: String(this.requests.size) } }),
    );
    this.writeRecord({ inputFileId, batchId: batch.id });
    this.ctx.log(`created batch ${batch.id} for ${this.requests.size} requests (recorded in ${this.recordFile}; an interrupted run resumes it)`);
    return batch;
  }

  /** Polls until the batch is done, with growing waits, within the time budget. */
  private async finished(first: Batch): Promise<Batch> {
    const started = this.clock.now();
    const budget = this.options.waitMs ?? DEFAULT_WAIT_MS;
    let delay = this.options.pollMs ?? DEFAULT_POLL_MS;
    let batch = first;
    let shown = '';
    for (;;) {
      const counts = batch.request_counts;
      const line = `batch ${batch.id}: ${batch.status}${counts && counts.total > 0 ? `, ${counts.completed + counts.failed} of ${counts.total} done${counts.failed > 0 ? ` (${counts.failed} failed)` : ''}` : ''}`;
      if (line !== shown) this.ctx.log(`${line} (${seconds(this.clock.now() - started)} waited)`);
      shown = line;
      if (!PENDING.has(batch.status)) return batch;
      const left = budget - (this.clock.now() - started);
      if (left <= 0) {
        throw new PendingError(`batch ${batch.id} is still ${batch.status} after ${seconds(budget)}; no report was written. Run the same command again to resume it (recorded in ${this.recordFile}).`);
      }
      await this.clock.sleep(Math.min(delay, left), this.options.signal);
      delay = Math.min(delay * 1.5, this.options.maxPollMs ?? DEFAULT_MAX_POLL_MS);
      batch = await this.call(() => this.client.batches.retrieve(batch.id));
    }
  }

  /** The batch's output and error files mapped back by custom id; every request gets a prediction. */
  private async collect(batch: Batch): Promise<Map<string, Prediction>> {
    const predictions = new Map<string, Prediction>();
    if (batch.status === 'failed') {
      const why = (batch.errors?.data ?? []).map((e) => `${e.line ? `line ${e.line}: ` : ''}${e.message ?? e.code ?? 'failed'}`).join('; ') || 'no reason given';
      for (const key of this.requests.keys()) predictions.set(key, this.error(`the batch ${batch.id} failed: ${why}`));
      return predictions;
    }
    for (const fileId of [batch.output_file_id, batch.error_file_id]) {
      if (!fileId) continue;
      const text = await this.call(async () => (await this.client.files.content(fileId)).text());
      for (const line of text.split('\n')) {
        if (line.trim() === '') continue;
        const { key, prediction } = this.lineResult(line);
        if (key !== undefined && this.requests.has(key) && !predictions.has(key)) predictions.set(key, prediction);
      }
    }
    const missing =
      batch.status === 'expired'
        ? `the batch ${batch.id} expired (its 24 h window) before answering this request`
        : batch.status === 'cancelled'
          ? `the batch ${batch.id} was cancelled before answering this request`
          : `no result for this request in batch ${batch.id}`;
    for (const key of this.requests.keys()) if (!predictions.has(key)) predictions.set(key, this.error(missing));
    return predictions;
  }

  /** One line of an output or error file, read as the chat path reads a response. */
  private lineResult(line: string): { key?: string; prediction: Prediction } {
    let parsed: { custom_id?: unknown; response?: { status_code?: number; body?: unknown } | null; error?: { code?: string; message?: string } | null };
    try {
      parsed = JSON.parse(line) as typeof parsed;
    } catch {
      return { prediction: this.error('server fault: a line of the batch results is not JSON') };
    }
    const key = typeof parsed.custom_id === 'string' ? parsed.custom_id : undefined;
    const request = key === undefined ? undefined : this.requests.get(key);
    const status = parsed.response?.status_code;
    const body = parsed.response?.body;
    if (request && status === 200) {
      if (!isCompletion(body)) return { key, prediction: this.error('server fault: malformed response in the batch results (HTTP 200, not a chat completion)') };
      return { key, prediction: completionPrediction(body, labelNames(request.variant), this.ctx.redact, 0) };
    }
    const message = (body as { error?: { message?: unknown } } | undefined)?.error?.message;
    const what = status !== undefined ? `HTTP ${status}` : (parsed.error?.code ?? 'failed');
    const detail = typeof message === 'string' ? message : parsed.error?.message;
    return { ...(key !== undefined && { key }), prediction: this.error(`${what} (in the batch)${detail ? `: ${detail}` : ''}`) };
  }

  private error(reason: string): Prediction {
    return { prediction: ERROR, reason: oneLine(this.ctx.redact(reason)) };
  }

  /** An API call; transport failures and 5xx are tried again within the SDK's retries, and what is left is said without the key. */
  private async call<T>(f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (e) {
      if (e instanceof OpenAI.NotFoundError) throw e;
      if (e instanceof OpenAI.APIUserAbortError || this.options.signal?.aborted) throw e;
      const what = e instanceof OpenAI.APIError && e.status !== undefined ? `HTTP ${e.status}: ` : '';
      throw new UserError(`the OpenAI Batch API failed: ${oneLine(this.ctx.redact(`${what}${e instanceof Error ? e.message : String(e)}`))}`);
    }
  }

  private readRecord(): BatchRecord | undefined {
    if (!existsSync(this.recordFile)) return undefined;
    try {
      return JSON.parse(readFileSync(this.recordFile, 'utf8')) as BatchRecord;
    } catch {
      return undefined;
    }
  }

  private writeRecord(ids: { inputFileId: string; batchId?: string }): void {
    mkdirSync(this.options.recordDir, { recursive: true });
    const record: BatchRecord = { ...ids, requests: this.requests.size, model: this.ctx.model, createdAt: new Date().toISOString() };
    writeFileAtomic(this.recordFile, `${JSON.stringify(record, null, 2)}\n`);
  }
}

const seconds = (ms: number): string => (ms < 120_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`);
