import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Classifier, Prediction } from '../../src/classifier/types.ts';
import type { ProgressEvent } from '../../src/core/progress.ts';
import { interruptedLine, progressMode, withRunProgress } from '../../src/cli/progress.ts';
import { evaluate } from '../../src/run/evaluate.ts';
import { resolveRunOptions } from '../../src/run/options.ts';
import { withProgress } from '../../src/run/progress.ts';
import { ROOT } from '../helpers/cli.ts';
import { tmpDir } from '../helpers/tmp.ts';
import { tinyVariant, VARIANT_YAML } from '../helpers/variant.ts';

const recorder = () => {
  const events: ProgressEvent[] = [];
  return { events, sink: { update: (e: ProgressEvent) => events.push(e) } };
};
const last = (events: ProgressEvent[], variant: string) => events.filter((e) => e.variant === variant).at(-1)!;
const kase = (id: string) => ({ id, query: `q ${id}`, document: '' });

describe('progress accounting', () => {
  it('counts each variant apart: invalid (also an answer outside the labels), error (also a throw), retries, cache hits and stores', async () => {
    const a = tinyVariant();
    const b = tinyVariant(VARIANT_YAML.replace('name: tiny', 'name: other-one'), 'prompts/test/other.yaml');
    // What the backend answers, per variant and case id.
    const script: Record<string, Record<string, Prediction | 'throw'>> = {
      tiny: {
        c1: { prediction: 'artifact', cache: 'hit' },
        c2: { prediction: 'invalid', raw: 'dunno' },
        c3: { prediction: 'bogus-label' },
        c4: { prediction: 'error', retries: 4 },
        c5: { prediction: 'other', retries: 1, cache: 'stored' },
      },
      'other-one': { c1: 'throw', c2: { prediction: 'other', cache: 'stored' } },
    };
    const inner: Classifier = {
      backend: 'offline',
      async classify(v, c) {
        const p = script[v.name]![c.id]!;
        if (p === 'throw') throw new Error('boom');
        return p;
      },
    };
    const { events, sink } = recorder();
    const counted = withProgress(inner, [a, b], 5, sink);
    expect(events).toEqual([]); // nothing before the loop starts
    for (const id of ['c1', 'c2', 'c3', 'c4', 'c5']) await counted.classify(a, kase(id));
    await expect(counted.classify(b, kase('c1'))).rejects.toThrow('boom');
    await counted.classify(b, kase('c2'));

    // Both variants appear at 0 first, in the variants' order.
    expect(events.slice(0, 2).map((e) => [e.variant, e.done, e.total])).toEqual([
      ['tiny@1.0.0', 0, 5],
      ['other-one@1.0.0', 0, 5],
    ]);
    expect(events).toHaveLength(2 + 7);
    // Tallied by hand from the script above.
    expect(last(events, 'tiny@1.0.0')).toEqual({ variant: 'tiny@1.0.0', done: 5, total: 5, invalid: 2, error: 1, retries: 5, cacheHits: 1, cacheStored: 1 });
    expect(last(events, 'other-one@1.0.0')).toEqual({ variant: 'other-one@1.0.0', done: 2, total: 5, invalid: 0, error: 1, retries: 0, cacheHits: 0, cacheStored: 1 });
    // Counts never go back from one event to the next of the same variant.
    const tiny = events.filter((e) => e.variant === 'tiny@1.0.0').map((e) => e.done);
    expect(tiny).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("ends, through promptfoo, at the report's own counts for every variant", async () => {
    const dir = tmpDir();
    // A team's classifier that answers outside the labels for some cases and fails for others.
    const module = path.join(dir, 'router.mjs');
    writeFileSync(
      module,
      `export function classify(c) {
  if (c.id.endsWith('3')) return 'not-a-label';
  if (c.id.endsWith('5')) throw new Error('backend down');
  return 'other';
}\n`,
    );
    const { events, sink } = recorder();
    const options = resolveRunOptions(
      {
        variants: [path.join(ROOT, 'prompts/docs-router/v1.yaml'), path.join(ROOT, 'prompts/docs-router/v3.yaml')],
        dataset: path.join(ROOT, 'tests/fixtures/datasets/small.jsonl'),
        split: 'all',
        backend: 'module',
        classifier: `${module}#classify`,
        cache: false,
        concurrency: 4,
      },
      {},
    );
    const { report } = await evaluate(options, { progress: sink });
    expect(report.variants).toHaveLength(2);
    for (const v of report.variants) {
      const end = last(events, `${v.name}@${v.version}`);
      const count = (p: string) => v.cases.filter((c) => c.prediction === p).length;
      expect(end.done).toBe(v.cases.length);
      expect(end.total).toBe(v.cases.length);
      expect(end.invalid).toBe(count('invalid'));
      expect(end.error).toBe(count('error'));
      // s03 is answered outside the labels and s05 fails: the comparisons above are not 0 = 0.
      expect(end.invalid).toBeGreaterThan(0);
      expect(end.error).toBeGreaterThan(0);
    }
  });
});

describe('an aborted evaluation', () => {
  it('stops soon after the signal and builds no report from the cases it did not run', async () => {
    const controller = new AbortController();
    let answered = 0;
    const options = resolveRunOptions(
      { variants: [path.join(ROOT, 'prompts/docs-router/v3.yaml')], dataset: path.join(ROOT, 'datasets/docs-assistant.jsonl'), split: 'all', backend: 'offline', concurrency: 1 },
      {},
    );
    const run = evaluate(options, {
      signal: controller.signal,
      progress: {
        update(e) {
          answered = e.done;
          if (e.done === 5) controller.abort();
        },
      },
    });
    await expect(run).rejects.toThrow(/abort/i);
    expect(answered).toBeGreaterThanOrEqual(5);
    expect(answered).toBeLessThan(285);
  });
});

describe('progress wiring', () => {
  const tty = { isTTY: true } as NodeJS.WriteStream;
  const pipe = { isTTY: false } as NodeJS.WriteStream;
  it('draws bars only in a terminal outside CI, plain lines elsewhere, nothing under --quiet', () => {
    expect(progressMode(false, {}, tty)).toBe('bars');
    expect(progressMode(false, { NO_COLOR: '1' }, tty)).toBe('bars');
    expect(progressMode(false, { CI: 'true' }, tty)).toBe('lines');
    expect(progressMode(false, { CI: 'false' }, tty)).toBe('bars');
    expect(progressMode(false, { TERM: 'dumb' }, tty)).toBe('lines');
    expect(progressMode(false, {}, pipe)).toBe('lines');
    expect(progressMode(true, {}, tty)).toBe('none');
  });

  it('says, when interrupted, how far the run got and what the cache kept', () => {
    const e = (variant: string, done: number, cacheHits: number, cacheStored: number): ProgressEvent => ({ variant, done, total: 10, invalid: 0, error: 0, retries: 0, cacheHits, cacheStored });
    expect(interruptedLine('labelgate eval', [e('a', 7, 2, 4), e('b', 3, 0, 1)], '.cache')).toBe(
      'labelgate eval: interrupted after 10 of 20 cases; no report was written; 7 answers are kept in the response cache (.cache) and the next run reuses them',
    );
    expect(interruptedLine('labelgate eval', [e('a', 2, 0, 0)], '.cache')).toBe(
      'labelgate eval: interrupted after 2 of 10 cases; no report was written; nothing was kept (no answers went to the response cache)',
    );
  });

  it('names the run\'s own response cache when Ctrl-C stops it', async () => {
    const written: string[] = [];
    const write = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    try {
      const aborted = await withRunProgress(
        'labelgate eval',
        false,
        async ({ progress, signal }) => {
          progress!.update({ variant: 'v@1', done: 3, total: 9, invalid: 0, error: 0, retries: 0, cacheHits: 1, cacheStored: 2 });
          process.emit('SIGINT');
          return signal.aborted;
        },
        'answers/kept',
      );
      expect(aborted).toBe(true);
      expect(exit).toHaveBeenCalledWith(130);
    } finally {
      write.mockRestore();
      exit.mockRestore();
    }
    expect(written.join('')).toContain('labelgate eval: interrupted after 3 of 9 cases; no report was written; 3 answers are kept in the response cache (answers/kept) and the next run reuses them');
  });
});
