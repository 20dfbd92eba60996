import os from 'node:os';

/** One timed part of a benchmark. */
export interface Row {
  part: string;
  /** Median wall time over the repetitions, ms. */
  ms: number;
  /** Fastest repetition, ms. */
  minMs: number;
  /** User + system CPU time of the median repetition, ms. */
  cpuMs: number;
  /** The first, unmeasured-by-the-median run: what a one-shot CLI call pays (JIT not warm). */
  firstMs: number;
  note?: string;
}

/** Times `fn` `repeat` times after one warm-up run (JIT, caches), which is timed on its own. */
export function measure(part: string, repeat: number, fn: () => unknown, note?: string): Row {
  const t0 = performance.now();
  fn();
  const firstMs = performance.now() - t0;
  const runs: { ms: number; cpuMs: number }[] = [];
  for (let i = 0; i < repeat; i++) {
    const cpu = process.cpuUsage();
    const t = performance.now();
    fn();
    const ms = performance.now() - t;
    const used = process.cpuUsage(cpu);
    runs.push({ ms, cpuMs: (used.user + used.system) / 1000 });
  }
  runs.sort((a, b) => a.ms - b.ms);
  const median = runs[Math.floor(runs.length / 2)]!;
  return { part, ms: median.ms, minMs: runs[0]!.ms, cpuMs: median.cpuMs, firstMs, ...(note && { note }) };
}

/** Load on the machine while measuring (1 / 5 / 15 minutes): a rate benchmark on a busy machine measures the machine. */
export const load = (): string => os.loadavg().map((x) => x.toFixed(1)).join(' / ');
