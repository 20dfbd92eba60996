import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../helpers/cli.ts';
import { keywordModel, startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.ts';
import { tmpDir } from '../helpers/tmp.ts';

/** `labelgate eval` in a real terminal (tmux on its own socket), as a person watching it sees it. */
const SOCKET = `labelgate-progress-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
// The whole scrollback: the summary is longer than the pane.
const screen = () => tmux('capture-pane', '-p', '-t', 'ev', '-S', '-', '-E', '-');

// The model is a local OpenAI-compatible server that answers the first 40 requests, then holds every
// answer until the test has seen the bars part-way: an offline run is over before a screen can be
// read, and a fixed delay would only make that less likely, never impossible.
let server: OpenAIServer;
let release: () => void = () => {};
const held = new Promise<void>((resolve) => (release = resolve));
beforeAll(async () => {
  server = await startOpenAIServer(async (req) => {
    if (req.count > 40) await held;
    return keywordModel(req);
  });
});

afterAll(async () => {
  release();
  try {
    tmux('kill-server');
  } catch {
    // already gone
  }
  await server.close();
});

const VARIANTS = ['v1@1.0.0', 'v2@2.0.0', 'v3@3.0.0'];
/** A variant's bar line: name, the bar, the percentage. */
const barOf = (text: string, variant: string) => text.split('\n').find((l) => l.startsWith(`${variant} `) && /[█░]/.test(l));

describe('eval in a terminal', () => {
  it('draws a bar per variant that fills as cases are answered (readable under NO_COLOR), then prints the summary', async () => {
    const dir = tmpDir();
    const out = path.join(dir, 'r.json');
    const q = JSON.stringify;
    const env = `env -u CI NO_COLOR=1 OPENAI_API_KEY=sk-test-not-a-key OPENAI_BASE_URL=${q(server.url)}`;
    const args = `eval --backend openai --model test-model --variants ${q(path.join(ROOT, 'prompts'))} --dataset ${q(path.join(ROOT, 'datasets/docs-assistant.jsonl'))} --split test --out ${q(out)}`;
    const cmd = `cd ${q(dir)} && ${env} ${q(process.execPath)} ${q(BIN)} ${args}; echo "exit=$?"; sleep 60`;
    tmux('new-session', '-d', '-s', 'ev', '-x', '100', '-y', '30', cmd);

    // Watch the screen as it changes; keep every frame that shows all three bars before the end.
    const midway: string[] = [];
    let text = '';
    const end = Date.now() + 90_000;
    while (Date.now() < end) {
      text = screen();
      if (text.includes('exit=')) break;
      if (VARIANTS.every((v) => barOf(text, v)) && !text.includes('labelgate report:')) {
        midway.push(text);
        // Some answers are in and the rest are held: the bars stand part-way; let the run finish.
        if (server.counts().ok >= 40 && /\n\s+[1-9]\d*\/83 · /.test(text)) release();
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(text).toContain('exit=0');

    // Seen while running: every variant's bar with its counts below, filled in proportion to done/total.
    const read = (f: string) =>
      VARIANTS.map((v) => {
        const lines = f.split('\n');
        const bar = barOf(f, v)!;
        const counts = lines[lines.indexOf(bar) + 1] ?? '';
        const m = /^\s+(\d+)\/83 · (–|[\d.]+)\/s · eta \S+ · invalid (\d+) · error (\d+) · retries (\d+) · cache (\d+)$/.exec(counts);
        return m ? { bar, done: Number(m[1]) } : undefined;
      });
    const frames = midway.map(read).filter((f) => f.every(Boolean)) as { bar: string; done: number }[][];
    expect(frames.length, midway.at(-1)).toBeGreaterThan(0);
    // The held answers make such a frame certain: some cases in, not all.
    const frame = frames.find((f) => f.some((v) => v.done > 0 && v.done < 83));
    expect(frame, midway.at(-1)).toBeDefined();
    for (const { bar, done } of frame!) {
      const filled = (bar.match(/█/g) ?? []).length;
      const cells = filled + (bar.match(/░/g) ?? []).length;
      expect(Math.abs(filled - (done / 83) * cells)).toBeLessThanOrEqual(0.5 + 1e-9);
      expect(bar).toMatch(new RegExp(` ${Math.floor((done / 83) * 100)}%$`));
    }

    // At the end: every bar full, then the summary below it, then where the report went.
    const lines = text.split('\n');
    const bars = VARIANTS.map((v) => lines.findIndex((l) => l.startsWith(`${v} `) && /█+ 100%$/.test(l)));
    expect(bars.every((i) => i >= 0)).toBe(true);
    for (const i of bars) expect(lines[i + 1]).toMatch(/^\s+83\/83 · [\d.]+\/s · eta 0s · invalid 0 · error 0 · retries 0 · cache 0$/);
    const summary = lines.findIndex((l) => l.startsWith('labelgate report: dataset '));
    expect(summary).toBeGreaterThan(Math.max(...bars));
    expect(lines.slice(summary).some((l) => /^v3@3\.0\.0\s+openai\/test-model\s+83\s/.test(l))).toBe(true);
    expect(text).toContain(`report: ${out}`);
    expect(existsSync(out)).toBe(true);
  }, 120_000);
});
