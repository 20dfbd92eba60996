import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

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
    | { /** An HTTP status with an optional body (an object is sent as JSON, a string as is). */ status: number; body?: unknown }
    | { /** Drop the connection without answering. */ destroy: true }
  );

export type FakeHandler = (req: RecordedRequest) => FakeReply | Promise<FakeReply>;

export interface OpenAIServer {
  /** Base URL ending in `/v1`, to pass as the SDK's `baseURL`. */
  url: string;
  /** Every request received so far, in order. */
  requests: RecordedRequest[];
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

export async function startOpenAIServer(handler: FakeHandler = keywordModel): Promise<OpenAIServer> {
  const requests: RecordedRequest[] = [];
  let current = handler;
  // Prompt caching, simulated: a system message seen before counts as cached prompt tokens.
  const seenPrefixes = new Set<string>();

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
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

    const sendJSON = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(payload));
    };

    if (record.method !== 'POST' || record.path !== '/v1/chat/completions') {
      sendJSON(404, { error: { message: `no route ${record.method} ${record.path}`, type: 'invalid_request_error' } });
      return;
    }
    if (body === undefined || !Array.isArray(body.messages)) {
      sendJSON(400, { error: { message: 'the body must be JSON with messages', type: 'invalid_request_error' } });
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

    if ('destroy' in reply) {
      req.socket.destroy();
      return;
    }
    if ('status' in reply) {
      if (res.destroyed) return;
      if (typeof reply.body === 'string') {
        res.writeHead(reply.status, { 'content-type': 'text/plain', ...reply.headers });
        res.end(reply.body);
      } else {
        sendJSON(reply.status, reply.body ?? { error: { message: `fake status ${reply.status}`, type: 'fake_error' } }, reply.headers);
      }
      return;
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
    sendJSON(
      200,
      {
        id: `chatcmpl-fake-${record.count}`,
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
      },
      reply.headers,
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
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
