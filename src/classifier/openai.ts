import OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import * as z from 'zod';
import { UserError } from '../core/errors.ts';
import { ERROR, INVALID } from '../core/outcome.ts';
import { type TokenUsage } from '../report/schema.ts';
import { buildMessages } from '../variant/messages.ts';
import { labelNames, type Variant } from '../variant/schema.ts';
import { parseAnswer } from './answer.ts';
import { AdaptiveLimiter, systemClock, type Clock, type Feedback } from './limiter.ts';
import { readRateInfo, readRetryAfter, type HeaderSource } from './rate-headers.ts';
import { oneLine, redactor } from './redact.ts';
import { DEFAULT_RETRY_POLICY, mayRetry, retryDelay, type RetryPolicy } from './retry.ts';
import { DEFAULT_CONCURRENCY } from './types.ts';
import type { Classifier, ClassifierCase, Prediction } from './types.ts';

export interface OpenAIOptions {
  model: string;
  /** Defaults to `OPENAI_API_KEY`. Not needed with a `baseURL` (local servers such as Ollama or vLLM). */
  apiKey?: string;
  /** Defaults to `OPENAI_BASE_URL`, then OpenAI itself. */
  baseURL?: string;
  temperature?: number;
  /** Per attempt. */
  timeoutMs?: number;
  /** Requests in flight at most (`-j`); the limiter may run fewer while the server pushes back. */
  concurrency?: number;
  /** Time one case may spend retrying 408/409/429/5xx, timeouts, dropped connections and malformed answers. */
  retryBudgetMs?: number;
  /** A cap on retries per case besides the time budget (none by default). */
  maxRetries?: number;
  maxTokens?: number;
  /** For tests: the clock behind waits and pacing. */
  clock?: Clock;
}

type ResponseFormat = NonNullable<ChatCompletionCreateParamsNonStreaming['response_format']>;

/** Stands in for the key with servers that need none; the SDK refuses to start without one. */
const NO_KEY = 'no-key';

/**
 * The classifier behind the `openai` backend: chat completions through the official SDK, with a
 * structured answer whose label is constrained to the variant's labels. Works with any
 * OpenAI-compatible server chosen by `baseURL`.
 */
export function createOpenAIClassifier(options: OpenAIOptions): Classifier {
  const { model, apiKey, baseURL } = openAIAccess(options);
  const temperature = options.temperature ?? 0;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const policy: RetryPolicy = {
    ...DEFAULT_RETRY_POLICY,
    ...(options.retryBudgetMs !== undefined && { budgetMs: options.retryBudgetMs }),
    ...(options.maxRetries !== undefined && { maxRetries: options.maxRetries }),
  };
  const clock = options.clock ?? systemClock;
  const ceiling = options.concurrency ?? DEFAULT_CONCURRENCY;
  const limiter = new AdaptiveLimiter(ceiling, clock);
  const redact = redactor([apiKey]);

  // The SDK's own retries are off: they know nothing of the other requests in flight, and stop
  // after a count. Retries happen below, paced by the shared limiter and bounded by time.
  const client = openAIClient({ apiKey, baseURL }, timeoutMs, 0, redact);

  /** One request: an answer with its headers, or a failure saying whether trying again may help. */
  async function attempt(variant: Variant, c: ClassifierCase, signal?: AbortSignal): Promise<Attempt> {
    const link = requestSignal(signal);
    const request = client.chat.completions.create(chatParams(model, variant, c, temperature, options.maxTokens), { ...(link.signal && { signal: link.signal }) });
    try {
      const { data, response } = await request.withResponse();
      const completion = data as unknown;
      if (!isCompletion(completion)) return { ok: false, failure: malformed(completion), headers: response.headers };
      return { ok: true, completion, headers: response.headers };
    } catch (e) {
      if (e instanceof OpenAI.APIError) return { ok: false, failure: classifyError(e, timeoutMs), headers: e.headers };
      // A response came but its body could not be read as JSON (cut off, garbled): the server's fault.
      const response = await request.asResponse().catch(() => undefined);
      if (response === undefined) return { ok: false, failure: { retryable: false, rateLimited: false, what: e instanceof Error ? e.message : String(e) }, headers: undefined };
      return { ok: false, failure: { retryable: true, rateLimited: false, what: `server fault: malformed response (HTTP ${response.status}, body is not valid JSON)` }, headers: response.headers };
    } finally {
      link.release();
    }
  }

  return {
    backend: 'openai',
    model,
    // Enough calls queued that a start is never missed for want of one, whatever the harness is doing.
    maxPending: Math.max(32, 2 * ceiling),
    async classify(variant: Variant, c: ClassifierCase, signal?: AbortSignal): Promise<Prediction> {
      const started = performance.now();
      const elapsed = () => Math.round(performance.now() - started);
      let retry = 0;
      const fail = (reason: string): Prediction => ({ prediction: ERROR, reason: oneLine(redact(reason)), latencyMs: elapsed(), ...(retry > 0 && { retries: retry }) });
      let spentMs = 0;
      for (; ; retry++) {
        let slot;
        try {
          slot = await limiter.acquire({ retry: retry > 0, ...(signal && { signal }) });
        } catch {
          return fail('aborted');
        }
        const t0 = clock.now();
        const result = await attempt(variant, c, signal);
        const retryAfterMs = readRetryAfter(result.headers as HeaderSource);
        const rate = readRateInfo(result.headers as HeaderSource);
        const feedback: Feedback = {
          outcome: result.ok ? 'ok' : result.failure.rateLimited ? 'rate-limited' : 'failed',
          ...(rate && { rate }),
          ...(retryAfterMs !== undefined && { retryAfterMs }),
        };
        limiter.release(slot, feedback);
        spentMs += clock.now() - t0;
        if (result.ok) return { ...completionPrediction(result.completion, labelNames(variant), redact, elapsed()), ...(retry > 0 && { retries: retry }) };
        const { failure } = result;
        const retried = retry > 0 ? `after ${retry} ${retry === 1 ? 'retry' : 'retries'}` : '';
        if (!failure.retryable || signal?.aborted) return fail(describe(failure, retried));
        const delay = retryDelay(retry + 1, retryAfterMs, policy);
        if (!mayRetry(retry + 1, spentMs, delay, policy)) {
          const capped = policy.maxRetries !== undefined && retry + 1 > policy.maxRetries;
          const budget = `retry budget of ${policy.budgetMs < 10_000 ? `${policy.budgetMs} ms` : `${Math.round(policy.budgetMs / 1000)} s`} spent`;
          return fail(describe(failure, capped ? retried : [retried, budget].filter(Boolean).join('; ')));
        }
        try {
          await clock.sleep(delay, signal);
        } catch {
          return fail('aborted');
        }
        spentMs += delay;
      }
    },
  };
}

/**
 * A signal of one request's own, aborted with the run's. The SDK adds an abort listener to the signal
 * it is given and never removes it: handed the run's one signal, every request of the run would stay
 * attached to it (and be kept alive by it) until the run ends.
 */
function requestSignal(run: AbortSignal | undefined): { signal?: AbortSignal; release(): void } {
  if (!run) return { release() {} };
  const controller = new AbortController();
  const abort = () => controller.abort(run.reason);
  if (run.aborted) abort();
  else run.addEventListener('abort', abort, { once: true });
  return { signal: controller.signal, release: () => run.removeEventListener('abort', abort) };
}

type Attempt = { ok: true; completion: ChatCompletion; headers: Headers } | { ok: false; failure: Failure; headers: Headers | undefined };

interface Failure {
  retryable: boolean;
  rateLimited: boolean;
  /** What failed: `HTTP 500`, `timed out after 60000 ms`; "(after N retries)" follows it. */
  what: string;
  /** The server's message, after a colon. */
  detail?: string;
}

/** `HTTP 429 (after 3 retries; retry budget of 300 s spent): Rate limit reached`. */
const describe = (f: Failure, note: string): string => `${f.what}${note === '' ? '' : ` (${note})`}${f.detail ? `: ${f.detail}` : ''}`;

/** The model, key and server of the openai backend (chat or batch), or the user's error when one is missing. */
export function openAIAccess(options: Pick<OpenAIOptions, 'model' | 'apiKey' | 'baseURL'>): { model: string; apiKey?: string; baseURL?: string } {
  const model = options.model.trim();
  if (model === '') throw new UserError('no model given: pass --model (for example gpt-4o-mini)');
  const apiKey = options.apiKey || process.env.OPENAI_API_KEY || undefined;
  const baseURL = options.baseURL || process.env.OPENAI_BASE_URL || undefined;
  if (apiKey === undefined && baseURL === undefined) {
    throw new UserError('no OpenAI API key: set OPENAI_API_KEY (or pass --base-url for a local OpenAI-compatible server)');
  }
  return { model, ...(apiKey !== undefined && { apiKey }), ...(baseURL !== undefined && { baseURL }) };
}

/** The SDK's client, its logs (OPENAI_LOG) redacted. */
export function openAIClient(access: { apiKey?: string; baseURL?: string }, timeoutMs: number, maxRetries: number, redact: (text: string) => string): OpenAI {
  return new OpenAI({ apiKey: access.apiKey ?? NO_KEY, baseURL: access.baseURL, timeout: timeoutMs, maxRetries, logger: redactingLogger(redact) });
}

/** The chat request for one case: the variant's messages and a structured answer constrained to its labels. A Batch API line's body is the same. */
export function chatParams(model: string, variant: Variant, c: ClassifierCase, temperature: number, maxTokens?: number): ChatCompletionCreateParamsNonStreaming {
  return {
    model,
    messages: buildMessages(variant, c),
    temperature,
    response_format: responseFormatFor(variant),
    ...(maxTokens === undefined ? {} : { max_completion_tokens: maxTokens }),
  };
}

const formats = new Map<string, ResponseFormat>();
function responseFormatFor(variant: Variant): ResponseFormat {
  let format = formats.get(variant.hash);
  if (format === undefined) {
    const labels = labelNames(variant) as [string, ...string[]];
    format = zodResponseFormat(z.object({ label: z.enum(labels) }), 'classification');
    formats.set(variant.hash, format);
  }
  return format;
}

export const isCompletion = (x: unknown): x is ChatCompletion =>
  typeof x === 'object' && x !== null && Array.isArray((x as ChatCompletion).choices) && (x as ChatCompletion).choices.length > 0;

function malformed(body: unknown): Failure {
  const what = typeof body !== 'object' || body === null ? 'not a chat completion' : Array.isArray((body as ChatCompletion).choices) ? 'a chat completion with no choices' : 'not a chat completion';
  return { retryable: true, rateLimited: false, what: `server fault: malformed response (HTTP 200, ${what})` };
}

/** A completion as a prediction (a label, or `invalid` with the raw answer and why), with its tokens. */
export function completionPrediction(completion: ChatCompletion, labels: readonly string[], redact: (s: string) => string, latencyMs: number): Prediction {
  const prediction = interpret(completion, labels);
  const tokens = tokenUsage(completion);
  return {
    ...prediction,
    ...(prediction.raw === undefined ? {} : { raw: redact(prediction.raw) }),
    latencyMs,
    ...(tokens ? { tokens } : {}),
  };
}

/** Turns a completion into a prediction: a label, or `invalid` with the raw answer and why. */
function interpret(completion: ChatCompletion, labels: readonly string[]): Prediction {
  const { message, finish_reason: finish } = completion.choices[0]!;
  const content = message?.content ?? '';
  if (message?.refusal) return { prediction: INVALID, raw: message.refusal, reason: 'the model refused' };
  if (finish === 'length') return { prediction: INVALID, raw: content, reason: 'the answer was cut off at the token limit (finish_reason "length")' };
  if (finish === 'content_filter') return { prediction: INVALID, raw: content, reason: 'the answer was withheld by the content filter' };
  if (content.trim() === '') return { prediction: INVALID, raw: content, reason: 'empty answer' };
  return parseAnswer(content, labels);
}

function tokenUsage(completion: ChatCompletion): TokenUsage | undefined {
  const u = completion.usage;
  if (!u) return undefined;
  const cached = u.prompt_tokens_details?.cached_tokens;
  return {
    prompt: u.prompt_tokens,
    completion: u.completion_tokens,
    total: u.total_tokens,
    ...(typeof cached === 'number' ? { cached } : {}),
  };
}


/** What a failed request means: the status or kind of failure and the server's message, and whether to try again. */
function classifyError(e: InstanceType<typeof OpenAI.APIError>, timeoutMs: number): Failure {
  // Order matters: the timeout error is a connection error, and both are API errors.
  if (e instanceof OpenAI.APIUserAbortError) return { retryable: false, rateLimited: false, what: 'aborted' };
  if (e instanceof OpenAI.APIConnectionTimeoutError) return { retryable: true, rateLimited: false, what: `timed out after ${timeoutMs} ms` };
  if (e instanceof OpenAI.APIConnectionError) {
    // undici's "fetch failed" says nothing; its cause says what happened ("connect ECONNREFUSED …").
    const inner = e.cause instanceof Error ? (e.cause.cause as { message?: string; code?: string } | undefined) : undefined;
    const cause = inner?.message || inner?.code || (e.cause instanceof Error ? e.cause.message : undefined);
    return { retryable: true, rateLimited: false, what: 'connection failed', ...(cause && { detail: cause }) };
  }
  const status = e.status ?? 0;
  const error = e.error as { message?: unknown } | undefined;
  // Without a JSON error body the SDK's message is the body text prefixed with the status.
  const message = typeof error?.message === 'string' ? error.message : e.message.replace(new RegExp(`^${status} `), '');
  const shouldRetry = e.headers?.get('x-should-retry');
  const retryable = shouldRetry === 'true' || (shouldRetry !== 'false' && (status === 408 || status === 409 || status === 429 || status >= 500));
  return { retryable, rateLimited: status === 429, what: `HTTP ${status}`, detail: message };
}

/** The SDK's logs (enabled with OPENAI_LOG) pass through the redactor too: error bodies may echo headers. */
function redactingLogger(redact: (text: string) => string) {
  const clean = (arg: unknown): unknown => {
    if (typeof arg === 'string') return redact(arg);
    if (arg === null || typeof arg !== 'object') return arg;
    try {
      return JSON.parse(redact(JSON.stringify(arg))) as unknown;
    } catch {
      return '[unloggable value]';
    }
  };
  // Looked up on each call, so whatever console is current (tests spy on it) receives the line.
  const at =
    (level: 'error' | 'warn' | 'info' | 'debug') =>
    (message: string, ...rest: unknown[]) =>
      console[level](redact(message), ...rest.map(clean));
  return { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}
