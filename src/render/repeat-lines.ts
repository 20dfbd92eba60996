import type { Repeats } from '../report/schema.ts';
import { count, pct } from './format.ts';

/** Flaky cases named in a report before "… and N more" (the report holds them all). */
export const FLAKY_SHOWN = 8;

/**
 * The brief account of `eval --repeat k` under a variant, as lines of text for every renderer.
 * `name` escapes report text (case ids, answers) the renderer's way.
 */
export function repeatLines(r: Repeats, name: (text: string) => string): string[] {
  const spread = (s: Repeats['accuracy']) => `${pct(s.mean)} mean, ${pct(s.min)}–${pct(s.max)}`;
  const flip = r.flipRate === undefined ? 'no labeled case to measure a flip rate' : `flip rate ${pct(r.flipRate)} (labeled cases whose correctness differs between two runs)`;
  const lines = [
    `${r.runs} runs per case (metrics above: run 1): accuracy per run ${spread(r.accuracy)}; majority vote ${pct(r.majority.accuracy)}; macro-F1 per run ${spread(r.macroF1)}; majority vote ${pct(r.majority.macroF1)}`,
    `agreement ${pct(r.meanAgreement)} mean; ${count(r.flaky.length)} flaky case(s); ${flip}`,
  ];
  if (r.flaky.length > 0) {
    const shown = r.flaky.slice(0, FLAKY_SHOWN).map((f) => {
      const answers = Object.entries(f.distribution).map(([answer, n]) => `${name(answer)} ${n}`);
      return `${name(f.id)} (${answers.join(', ')})`;
    });
    lines.push(`flaky: ${shown.join('; ')}${r.flaky.length > FLAKY_SHOWN ? `; … and ${count(r.flaky.length - FLAKY_SHOWN)} more` : ''}`);
  }
  return lines;
}
