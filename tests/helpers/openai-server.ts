import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BatchStore } from './openai-batches.ts';
import { TokenBucket, type RateLimit } from './openai-rate-limit.ts';

/**
 * A fake OpenAI-compatible server for tests: a real `node:http` server on loopback that speaks
 * `POST /v1/chat/completions`, so the official SDK (retries, timeouts, headers) runs for real.
 * Every request is recorded; every reply is scriptable.
 */

export interface ChatMessageBody {
  role: string;
  content: string;
}

/** The parts of a chat-completions request body tests look at; everything else stays available. */
export interface ChatRequestBody {
  model: string;
  messages: ChatMessageBody[];
  temperature?: number;
  response_format?: { type: string; json_schema?: { name: string; strict?: boolean; schema: { properties?: { label?: { enum?: string[] } } } } };
  [key: string]: unknown;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body (`undefined` when the body was not JSON). */
  body: ChatRequestBody;
  /** 1-based position of this request among all requests the server received. */
  count: number;
  /** `performance.now()` when the request arrived, for asserting on retry delays. */
  receivedAt: number;
  /** The status answered (set once the answer is sent; undefined for a dropped connection or a hang still waiting). */
  status?: number;
  /** `performance.now()` when the answer was sent. */
  answeredAt?: number;
}

export interface FakeUsage {
  prompt_tokens: number;
  completion_tokens: number;
  cached_tokens: number;
}

type FinishReason = 'stop' | 'length' | 'content_filter' | 'tool_calls';

/** Options every reply may carry. */
interface ReplyBase {
  /** Wait this long before answering (latency; longer than the client's timeout for timeouts). */
  delayMs?: number;
  /** Extra response headers (`retry-after`, `retry-after-ms`, `x-should-retry`…). */
  headers?: Record<string, string>;
}

interface CompletionOptions {
  finishReason?: FinishReason;
  usage?: Partial<FakeUsage>;
}

export type FakeReply = ReplyBase &
  (
    | ({ /** A structured answer: content `{"label": ...}`. */ label: string } & CompletionOptions)
    | ({ /** Any content, e.g. malformed JSON, prose or `null`. */ content: string | null } & CompletionOptions)
    | ({ /** The model refused: `message.refusal` set, content null. */ refusal: string } & CompletionOptions)
    | {
        /** An HTTP status with an optional body (an object is sent as JSON, a string as is, as `contentType`, default text/plain). */
        status: number;
        body?: unknown;
        contentType?: string;
      }
    | { /** Drop the connection without answering. */ destroy: true }
  );

export type FakeHandler = (req: RecordedRequest) => FakeReply | Promise<FakeReply>;

export interface ServerOptions {
  /** Enforce a requests-per-minute limit on chat completions (token bucket, 429 + OpenAI's headers). */
  rateLimit?: RateLimit;
}

export interface ServerCounts {
  /** Chat-completion requests received. */
  calls: number;
  /** Answered 200. */
  ok: number;
  /** Refused by the rate limit or answered 429 by the handler. */
  rateLimited: number;
  /** Answers by status. */
  byStatus: Record<number, number>;
}

export interface OpenAIServer {
  /** Base URL ending in `/v1`, to pass as the SDK's `baseURL`. */
  url: string;
  /** Every request received so far, in order. */
  requests: RecordedRequest[];
  /** Chat-completion calls, 200s and 429s so far. */
  counts(): ServerCounts;
  /** Files and batches uploaded and created so far. */
  batches: BatchStore;
  setHandler(handler: FakeHandler): void;
  close(): Promise<void>;
}

const estimateTokens = (text: string): number => Math.max(1, Math.ceil(text.length / 4));

/** The label set the client asked for: the response_format enum, else the `### name` headings of the system message. */
export function requestedLabels(body: ChatRequestBody): string[] {
  const fromSchema = body.response_format?.json_schema?.schema.properties?.label?.enum;
  if (fromSchema && fromSchema.length > 0) return fromSchema;
  const system = body.messages?.find((m) => m.role === 'system')?.content ?? '';
  return [...system.matchAll(/^### (\S+)$/gm)].map((m) => m[1]!);
}

/**
 * A deterministic "model": answers the first label whose name appears (case-insensitively) in the
 * last message, else the last label (by convention the fallback, e.g. `other`).
 */
export const keywordModel: FakeHandler = (req) => {
  const labels = requestedLabels(req.body);
  const text = (req.body.messages?.at(-1)?.content ?? '').toLowerCase();
  const label = labels.find((l) => text.includes(l.toLowerCase())) ?? labels.at(-1) ?? 'other';
  return { label };
};

function wait(ms: number, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    res.once('close', done);
    function done() {
      clearTimeout(timer);
      res.off('close', done);
      resolve();
    }
  });
}

export async function startOpenAIServer(handler: FakeHandler = keywordModel, options: ServerOptions = {}): Promise<OpenAIServer> {
  const requests: RecordedRequest[] = [];
  let current = handler;
  const bucket = options.rateLimit && new TokenBucket(options.rateLimit);
  const batches = new BatchStore((body) => answer(body));
  // Prompt caching, simulated: a system message seen before counts as cached prompt tokens.
  const seenPrefixes = new Set<string>();

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const text = raw.toString('utf8');
    let body: ChatRequestBody;
    try {
      body = JSON.parse(text) as ChatRequestBody;
    } catch {
      body = undefined as unknown as ChatRequestBody;
    }
    const record: RecordedRequest = {
      method: req.method ?? '',
      path: (req.url ?? '').split('?')[0]!,
      headers: req.headers,
      body,
      count: requests.length + 1,
      receivedAt: performance.now(),
    };
    requests.push(record);

    const send = (status: number, contentType: string, payload: string, headers: Record<string, string> = {}) => {
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': contentType, ...headers });
      res.end(payload);
      record.status = status;
      record.answeredAt = performance.now();
    };
    const sendJSON = (status: number, payload: unknown, headers: Record<string, string> = {}) => send(status, 'application/json', JSON.stringify(payload), headers);

    if (record.path.startsWith('/v1/files') || record.path.startsWith('/v1/batches')) {
      const routed = await batches.route(record.method, record.path, req.headers['content-type'] ?? '', raw);
      send(routed.status, routed.contentType, routed.body);
      return;
    }
    if (record.method !== 'POST' || record.path !== '/v1/chat/completions') {
      sendJSON(404, { error: { message: `no route ${record.method} ${record.path}`, type: 'invalid_request_error' } });
      return;
    }
    if (body === undefined || !Array.isArray(body.messages)) {
      sendJSON(400, { error: { message: 'the body must be JSON with messages', type: 'invalid_request_error' } });
      return;
    }
    const limit = bucket?.take();
    if (limit && !limit.ok) {
      sendJSON(429, { error: { message: `Rate limit reached for requests: limit ${bucket!.limit.rpm} per minute`, type: 'requests', code: 'rate_limit_exceeded' } }, limit.headers);
      return;
    }

    let reply: FakeReply;
    try {
      reply = await current(record);
    } catch (e) {
      sendJSON(500, { error: { message: `fake server handler threw: ${String(e)}`, type: 'server_error' } });
      return;
    }
    if (reply.delayMs !== undefined && reply.delayMs > 0) await wait(reply.delayMs, res);
    if (res.destroyed) return;
    const answered = limit ? { ...reply, headers: { ...limit.headers, ...reply.headers } } : reply;
    if ('destroy' in answered) {
      req.socket.destroy();
      return;
    }
    const { status, contentType, payload } = answerFor(answered, body, record.count);
    send(status, contentType, payload, answered.headers);
  });

  /** A chat completion body for a batch line, answered by the current handler without latency or limits. */
  async function answer(body: ChatRequestBody): Promise<{ status: number; body: unknown }> {
    const reply = await current({ method: 'POST', path: '/v1/chat/completions', headers: {}, body, count: 0, receivedAt: performance.now() });
    if ('destroy' in reply) return { status: 500, body: { error: { message: 'connection dropped', type: 'server_error' } } };
    const { status, payload } = answerFor(reply, body, 0);
    try {
      return { status, body: JSON.parse(payload) as unknown };
    } catch {
      return { status, body: payload };
    }
  }

  function answerFor(reply: Exclude<FakeReply, { destroy: true }>, body: ChatRequestBody, count: number): { status: number; contentType: string; payload: string } {
    if ('status' in reply) {
      if (typeof reply.body === 'string') return { status: reply.status, contentType: reply.contentType ?? 'text/plain', payload: reply.body };
      return { status: reply.status, contentType: 'application/json', payload: JSON.stringify(reply.body ?? { error: { message: `fake status ${reply.status}`, type: 'fake_error' } }) };
    }
    const content = 'label' in reply ? JSON.stringify({ label: reply.label }) : 'content' in reply ? reply.content : null;
    const refusal = 'refusal' in reply ? reply.refusal : null;
    const system = body.messages.find((m) => m.role === 'system')?.content ?? '';
    const promptTokens = estimateTokens(body.messages.map((m) => m.content ?? '').join('\n'));
    const cachedTokens = seenPrefixes.has(system) ? estimateTokens(system) : 0;
    seenPrefixes.add(system);
    const usage = {
      prompt_tokens: reply.usage?.prompt_tokens ?? promptTokens,
      completion_tokens: reply.usage?.completion_tokens ?? estimateTokens(content ?? refusal ?? ''),
      cached_tokens: reply.usage?.cached_tokens ?? cachedTokens,
    };
    return {
      status: 200,
      contentType: 'application/json',
      payload: JSON.stringify({
        id: `chatcmpl-fake-${count}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content, refusal },
            logprobs: null,
            finish_reason: reply.finishReason ?? 'stop',
          },
        ],
        usage: {
          prompt_tokens: usage.prompt_tokens,
          completion_tokens: usage.completion_tokens,
          total_tokens: usage.prompt_tokens + usage.completion_tokens,
          prompt_tokens_details: { cached_tokens: usage.cached_tokens },
        },
      }),
    };
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    batches,
    counts() {
      const chat = requests.filter((r) => r.path === '/v1/chat/completions');
      const byStatus: Record<number, number> = {};
      for (const r of chat) if (r.status !== undefined) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
      return { calls: chat.length, ok: byStatus[200] ?? 0, rateLimited: byStatus[429] ?? 0, byStatus };
    },
    setHandler(h) {
      current = h;
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
