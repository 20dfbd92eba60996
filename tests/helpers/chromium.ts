import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';

/** Debian's chromium (`apt-get install -y chromium`), a Chrome already there, or the one LABELGATE_CHROMIUM names. */
export function chromium(): string {
  if (process.env.LABELGATE_CHROMIUM) return process.env.LABELGATE_CHROMIUM;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
    if (found) return found;
  }
  throw new Error('these tests need a headless chromium: apt-get install -y chromium, or LABELGATE_CHROMIUM=/path/to/chrome');
}

/** Headless, and quiet on a machine without a network: no background requests, no updates, no sync. */
export const HEADLESS_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface Page {
  /** The value of a JavaScript expression in the page (promises awaited, result passed by value). */
  evaluate<T>(expression: string): Promise<T>;
  /** Polls an expression until it is truthy (content rendered), or fails after `timeoutMs` saying what it last saw. */
  waitFor<T>(expression: string, timeoutMs?: number): Promise<T>;
  /** Types text into the focused element as a keyboard would (input events included). */
  type(text: string): Promise<void>;
  screenshot(file: string): Promise<void>;
  close(): Promise<void>;
}

interface Message {
  id?: number;
  result?: unknown;
  error?: { message: string };
}

/**
 * A page in headless chromium, driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`:
 * JSON messages ending in NUL on file descriptors 3 and 4), so no WebSocket client is needed. For
 * pages that render after the load event (single-page apps), where `--dump-dom` comes too early.
 */
export async function openPage(url: string, options: { profileDir: string; width?: number; height?: number }): Promise<Page> {
  const child = spawn(chromium(), [...HEADLESS_FLAGS, `--user-data-dir=${options.profileDir}`, `--window-size=${options.width ?? 1600},${options.height ?? 1200}`, '--remote-debugging-pipe', 'about:blank'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
  });
  const input = child.stdio[3] as Writable;
  const output = child.stdio[4] as Readable;
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let exited = false;
  child.on('exit', (code) => {
    exited = true;
    for (const p of pending.values()) p.reject(new Error(`chromium exited (${code}): ${stderr}`));
    pending.clear();
  });
  let buffer = '';
  output.setEncoding('utf8');
  output.on('data', (chunk: string) => {
    buffer += chunk;
    for (let end = buffer.indexOf('\0'); end >= 0; end = buffer.indexOf('\0')) {
      const message = JSON.parse(buffer.slice(0, end)) as Message;
      buffer = buffer.slice(end + 1);
      const waiting = message.id === undefined ? undefined : pending.get(message.id);
      if (!waiting) continue;
      pending.delete(message.id!);
      if (message.error) waiting.reject(new Error(message.error.message));
      else waiting.resolve(message.result);
    }
  });
  let nextId = 0;
  const send = <T>(method: string, params: object = {}, sessionId?: string): Promise<T> =>
    new Promise((resolve, reject) => {
      if (exited) return reject(new Error(`chromium is gone: ${stderr}`));
      const id = ++nextId;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      input.write(`${JSON.stringify({ id, method, params, ...(sessionId && { sessionId }) })}\0`);
    });

  const { targetInfos } = await send<{ targetInfos: { targetId: string; type: string }[] }>('Target.getTargets');
  const target = targetInfos.find((t) => t.type === 'page');
  if (!target) throw new Error('chromium opened no page');
  const { sessionId } = await send<{ sessionId: string }>('Target.attachToTarget', { targetId: target.targetId, flatten: true });
  await send('Page.navigate', { url }, sessionId);

  const evaluate = async <T>(expression: string): Promise<T> => {
    const r = await send<{ result: { value?: T }; exceptionDetails?: { text: string; exception?: { description?: string } } }>('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true }, sessionId);
    if (r.exceptionDetails) throw new Error(`${expression}: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
    return r.result.value as T;
  };
  return {
    evaluate,
    async waitFor<T>(expression: string, timeoutMs = 60_000): Promise<T> {
      const deadline = Date.now() + timeoutMs;
      let last: unknown;
      for (;;) {
        last = await evaluate<T>(expression);
        if (last) return last as T;
        if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${expression}; last value ${JSON.stringify(last)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async type(text: string) {
      await send('Input.insertText', { text }, sessionId);
    },
    async screenshot(file: string) {
      const { data } = await send<{ data: string }>('Page.captureScreenshot', { format: 'png' }, sessionId);
      writeFileSync(file, Buffer.from(data, 'base64'));
    },
    async close() {
      if (exited) return;
      const gone = new Promise((r) => child.once('exit', r));
      await send('Browser.close').catch(() => child.kill('SIGKILL'));
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(timer);
    },
  };
}
