/**
 * The Files and Batches endpoints of the fake OpenAI server, enough for a batch run end to end:
 * upload a JSONL request file (multipart, as the SDK sends it), create a batch, poll it
 * (`validating` → `in_progress` → `completed`, one step per retrieval), download its output and
 * error files. Each request line is answered by the server's current chat handler.
 */

export interface StoredFile {
  id: string;
  object: 'file';
  bytes: number;
  created_at: number;
  filename: string;
  purpose: string;
  status: 'processed';
  content: Buffer;
}

type BatchStatus = 'validating' | 'in_progress' | 'completed' | 'failed' | 'expired' | 'cancelled';

/** How the next batches end, for tests: OpenAI's other outcomes besides a clean completion. */
export interface BatchScript {
  /** The final status (default `completed`). `expired` and `cancelled` keep the answers given so far. */
  end?: 'completed' | 'failed' | 'expired' | 'cancelled';
  /** For `failed`: the error OpenAI reports. */
  failure?: string;
  /** Requests that get no line in either file (not answered before the end, or lost). */
  skip?: (customId: string) => boolean;
}

export interface StoredBatch {
  id: string;
  object: 'batch';
  endpoint: string;
  input_file_id: string;
  completion_window: string;
  status: BatchStatus;
  created_at: number;
  output_file_id: string | null;
  error_file_id: string | null;
  errors: { object: 'list'; data: { code: string; message: string; line: number | null }[] } | null;
  request_counts: { total: number; completed: number; failed: number };
  metadata: Record<string, string> | null;
  /** Retrievals so far (not part of OpenAI's object; stripped when sent). */
  polls: number;
}

export type AnswerChat = (body: never) => Promise<{ status: number; body: unknown }>;

interface Routed {
  status: number;
  contentType: string;
  body: string;
}

const json = (status: number, payload: unknown): Routed => ({ status, contentType: 'application/json', body: JSON.stringify(payload) });
const notFound = (what: string) => json(404, { error: { message: `No such ${what}`, type: 'invalid_request_error' } });
const now = () => Math.floor(Date.now() / 1000);

/** The parts of a multipart/form-data body: field name → {filename?, content}. */
export function parseMultipart(contentType: string, raw: Buffer): Map<string, { filename?: string; content: Buffer }> {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  const parts = new Map<string, { filename?: string; content: Buffer }>();
  if (!boundary) return parts;
  const delimiter = `--${boundary[1] ?? boundary[2]}`;
  // latin1 maps bytes one to one, so file contents survive the split unchanged.
  for (const chunk of raw.toString('latin1').split(delimiter).slice(1)) {
    if (chunk.startsWith('--')) break;
    const headerEnd = chunk.indexOf('\r\n\r\n');
    if (headerEnd < 0) continue;
    const headers = chunk.slice(0, headerEnd);
    const name = /name="([^"]*)"/.exec(headers)?.[1];
    if (name === undefined) continue;
    const filename = /filename="([^"]*)"/.exec(headers)?.[1];
    const content = Buffer.from(chunk.slice(headerEnd + 4).replace(/\r\n$/, ''), 'latin1');
    parts.set(name, { ...(filename !== undefined && { filename }), content });
  }
  return parts;
}

export class BatchStore {
  readonly files = new Map<string, StoredFile>();
  readonly batches = new Map<string, StoredBatch>();
  /** Retrievals before a batch completes: the first shows `in_progress`, this one `completed`. */
  pollsToComplete = 2;
  script: BatchScript = {};
  private next = 0;

  constructor(private readonly answer: AnswerChat) {}

  addFile(filename: string, purpose: string, content: Buffer): StoredFile {
    const file: StoredFile = { id: `file-fake-${++this.next}`, object: 'file', bytes: content.length, created_at: now(), filename, purpose, status: 'processed', content };
    this.files.set(file.id, file);
    return file;
  }

  async route(method: string, path: string, contentType: string, raw: Buffer): Promise<Routed> {
    const [, , resource, id, action] = path.split('/');
    if (resource === 'files') {
      if (method === 'POST' && id === undefined) {
        const parts = parseMultipart(contentType, raw);
        const file = parts.get('file');
        const purpose = parts.get('purpose')?.content.toString('utf8');
        if (!file || !purpose) return json(400, { error: { message: 'a file and a purpose are required', type: 'invalid_request_error' } });
        return json(200, publicFile(this.addFile(file.filename ?? 'upload', purpose, file.content)));
      }
      const file = id === undefined ? undefined : this.files.get(id);
      if (!file) return notFound('file');
      if (method === 'GET' && action === 'content') return { status: 200, contentType: 'application/octet-stream', body: file.content.toString('utf8') };
      if (method === 'GET' && action === undefined) return json(200, publicFile(file));
      return notFound('route');
    }
    if (method === 'POST' && id === undefined) return this.create(raw);
    const batch = id === undefined ? undefined : this.batches.get(id);
    if (!batch) return notFound('batch');
    if (method === 'POST' && action === 'cancel') {
      if (batch.status === 'validating' || batch.status === 'in_progress') batch.status = 'cancelled';
      return json(200, publicBatch(batch));
    }
    if (method === 'GET' && action === undefined) {
      batch.polls += 1;
      if (batch.status === 'validating') batch.status = 'in_progress';
      if (batch.status === 'in_progress' && batch.polls >= this.pollsToComplete) await this.complete(batch);
      return json(200, publicBatch(batch));
    }
    return notFound('route');
  }

  private create(raw: Buffer): Routed {
    let body: { input_file_id?: string; endpoint?: string; completion_window?: string; metadata?: Record<string, string> };
    try {
      body = JSON.parse(raw.toString('utf8')) as typeof body;
    } catch {
      return json(400, { error: { message: 'the body must be JSON', type: 'invalid_request_error' } });
    }
    if (!body.input_file_id || !this.files.has(body.input_file_id)) return json(400, { error: { message: `No such file: ${body.input_file_id}`, type: 'invalid_request_error' } });
    if (body.endpoint !== '/v1/chat/completions') return json(400, { error: { message: `unsupported endpoint ${body.endpoint}`, type: 'invalid_request_error' } });
    const batch: StoredBatch = {
      id: `batch_fake_${++this.next}`,
      object: 'batch',
      endpoint: body.endpoint,
      input_file_id: body.input_file_id,
      completion_window: body.completion_window ?? '24h',
      status: 'validating',
      created_at: now(),
      output_file_id: null,
      error_file_id: null,
      errors: null,
      request_counts: { total: 0, completed: 0, failed: 0 },
      metadata: body.metadata ?? null,
      polls: 0,
    };
    this.batches.set(batch.id, batch);
    return json(200, publicBatch(batch));
  }

  /** Answers every request line; a line that is not a valid request fails the whole batch, as OpenAI's validation does. */
  private async complete(batch: StoredBatch): Promise<void> {
    const lines = this.files.get(batch.input_file_id)!.content.toString('utf8').split('\n');
    const requests: { custom_id: string; body: unknown }[] = [];
    const errors: NonNullable<StoredBatch['errors']>['data'] = [];
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        const r = JSON.parse(line) as { custom_id?: unknown; method?: unknown; url?: unknown; body?: unknown };
        if (typeof r.custom_id !== 'string' || r.method !== 'POST' || r.url !== batch.endpoint || typeof r.body !== 'object') throw new Error('bad line');
        requests.push({ custom_id: r.custom_id, body: r.body });
      } catch {
        errors.push({ code: 'invalid_request', message: 'each line needs custom_id, method POST, url and body', line: i + 1 });
      }
    });
    if (errors.length > 0 || this.script.end === 'failed') {
      batch.status = 'failed';
      batch.errors = { object: 'list', data: errors.length > 0 ? errors : [{ code: 'failed', message: this.script.failure ?? 'the batch failed', line: null }] };
      return;
    }
    const out: string[] = [];
    const failed: string[] = [];
    for (const [i, r] of requests.entries()) {
      if (this.script.skip?.(r.custom_id)) continue;
      const answered = await this.answer(r.body as never);
      const line = JSON.stringify({ id: `batch_req_${i + 1}`, custom_id: r.custom_id, response: { status_code: answered.status, request_id: `req_${i + 1}`, body: answered.body }, error: null });
      (answered.status === 200 ? out : failed).push(line);
    }
    batch.request_counts = { total: requests.length, completed: out.length, failed: failed.length };
    batch.output_file_id = out.length > 0 ? this.addFile(`${batch.id}_output.jsonl`, 'batch_output', Buffer.from(`${out.join('\n')}\n`)).id : null;
    batch.error_file_id = failed.length > 0 ? this.addFile(`${batch.id}_error.jsonl`, 'batch_output', Buffer.from(`${failed.join('\n')}\n`)).id : null;
    batch.status = this.script.end ?? 'completed';
  }
}

function publicFile({ content: _content, ...file }: StoredFile) {
  return file;
}

function publicBatch({ polls: _polls, ...batch }: StoredBatch) {
  return batch;
}
