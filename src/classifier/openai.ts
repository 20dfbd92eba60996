import OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { z } from 'zod';
import { UserError } from '../core/errors.ts';
import { ERROR, INVALID } from '../core/outcome.ts';
import { type TokenUsage } from '../report/schema.ts';
import { buildMessages } from '../variant/messages.ts';
import { labelNames, type Variant } from '../variant/schema.ts';
import { parseAnswer } from './answer.ts';
import { oneLine, redactor } from './redact.ts';
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
  /** Retries of 408/409/429/5xx and connection failures, done by the SDK (honouring `Retry-After`). */
  maxRetries?: number;
  maxTokens?: number;
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
  const model = options.model.trim();
  if (model === '') throw new UserError('no model given: pass --model (for example gpt-4o-mini)');
  const apiKey = options.apiKey || process.env.OPENAI_API_KEY || undefined;
  const baseURL = options.baseURL || process.env.OPENAI_BASE_URL || undefined;
  if (apiKey === undefined && baseURL === undefined) {
    throw new UserError('no OpenAI API key: set OPENAI_API_KEY (or pass --base-url for a local OpenAI-compatible server)');
  }
  const temperature = options.temperature ?? 0;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const maxRetries = options.maxRetries ?? 3;
  const redact = redactor([apiKey]);

  const client = new OpenAI({
    apiKey: apiKey ?? NO_KEY,
    baseURL,
    timeout: timeoutMs,
    maxRetries,
    logger: redactingLogger(redact),
  });

  const formats = new Map<string, ResponseFormat>();
  const formatFor = (variant: Variant): ResponseFormat => {
    let format = formats.get(variant.hash);
    if (format === undefined) {
      const labels = labelNames(variant) as [string, ...string[]];
      format = zodResponseFormat(z.object({ label: z.enum(labels) }), 'classification');
      formats.set(variant.hash, format);
    }
    return format;
  };

  return {
    backend: 'openai',
    model,
    async classify(variant: Variant, c: ClassifierCase, signal?: AbortSignal): Promise<Prediction> {
      const started = performance.now();
      const elapsed = () => Math.round(performance.now() - started);
      try {
        const completion = await client.chat.completions.create(
          {
            model,
            messages: buildMessages(variant, c),
            temperature,
            response_format: formatFor(variant),
            ...(options.maxTokens === undefined ? {} : { max_completion_tokens: options.maxTokens }),
          },
          { signal },
        );
        const prediction = interpret(completion, labelNames(variant));
        const tokens = tokenUsage(completion);
        return {
          ...prediction,
          ...(prediction.raw === undefined ? {} : { raw: redact(prediction.raw) }),
          latencyMs: elapsed(),
          ...(tokens ? { tokens } : {}),
        };
      } catch (e) {
        // Redact before shortening, so a key cut in half by the shortening cannot slip through.
        return { prediction: ERROR, reason: oneLine(redact(describeFailure(e, { timeoutMs, maxRetries }))), latencyMs: elapsed() };
      }
    },
  };
}

/** Turns a completion into a prediction: a label, or `invalid` with the raw answer and why. */
function interpret(completion: ChatCompletion, labels: readonly string[]): Prediction {
  // A 200 whose body is not JSON comes back from the SDK as a string, not as an error.
  if (typeof completion !== 'object' || completion === null || !Array.isArray(completion.choices)) {
    return { prediction: ERROR, reason: 'the server did not answer with a chat completion' };
  }
  const choice = completion.choices[0];
  if (choice === undefined) return { prediction: ERROR, reason: 'the response has no choices' };
  const { message, finish_reason: finish } = choice;
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

const RETRYABLE = (status: number) => status === 408 || status === 409 || status === 429 || status >= 500;

/** Why a request failed after the SDK's retries: status or kind of failure, and the server's message. */
function describeFailure(e: unknown, { timeoutMs, maxRetries }: { timeoutMs: number; maxRetries: number }): string {
  const retried = maxRetries > 0 ? ` (after ${maxRetries} ${maxRetries === 1 ? 'retry' : 'retries'})` : '';
  // Order matters: the timeout error is a connection error, and both are API errors.
  if (e instanceof OpenAI.APIUserAbortError) return 'aborted';
  if (e instanceof OpenAI.APIConnectionTimeoutError) return `timed out after ${timeoutMs} ms${retried}`;
  if (e instanceof OpenAI.APIConnectionError) {
    // undici's "fetch failed" says nothing; its cause says what happened ("connect ECONNREFUSED …").
    const inner = e.cause instanceof Error ? (e.cause.cause as { message?: string; code?: string } | undefined) : undefined;
    const cause = inner?.message || inner?.code || (e.cause instanceof Error ? e.cause.message : undefined);
    return `connection failed${cause ? `: ${cause}` : ''}${retried}`;
  }
  if (e instanceof OpenAI.APIError && e.status !== undefined) {
    const error = e.error as { message?: unknown } | undefined;
    // Without a JSON error body the SDK's message is the body text prefixed with the status.
    const message = typeof error?.message === 'string' ? error.message : e.message.replace(new RegExp(`^${e.status} `), '');
    return `HTTP ${e.status}${RETRYABLE(e.status) ? retried : ''}: ${message}`;
  }
  return e instanceof Error ? e.message : String(e);
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
