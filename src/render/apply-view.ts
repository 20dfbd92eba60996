import { shortHash } from '../core/hash.ts';
import { PSI_BANDS, type Drift, type PsiBand } from '../metrics/drift.ts';
import type { ApplyReport } from '../report/apply-schema.ts';
import { count, fixed } from './format.ts';

/** What `labelgate apply` shows: the report, and with `--compare` the earlier one and the drift between them. */
export interface ApplyView {
  report: ApplyReport;
  compared?: { file: string; earlier: ApplyReport; drift: Drift };
}

/** Options of the apply renderers: the terminal's width for the bars (80 when unknown). */
export interface ApplyRenderOptions {
  width?: number;
}

export const DEFAULT_WIDTH = 80;
/** The bars never get wider than this, however wide the terminal. */
export const MAX_BAR = 50;
/** Nor narrower: below this a bar says little. */
export const MIN_BAR = 8;

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/**
 * A horizontal bar of `value / max` of `width` columns, in eighths of a column: characters, not
 * colour, so it reads the same under NO_COLOR, in a pipe and pasted into an issue.
 */
export function bar(value: number, max: number, width: number): string {
  if (!(max > 0) || !(value > 0) || width <= 0) return '';
  const eighths = Math.round((Math.min(value, max) / max) * width * 8);
  // A share above zero shows at least a sliver, so "some" never looks like "none".
  const e = Math.max(1, eighths);
  return '█'.repeat(Math.floor(e / 8)) + EIGHTHS[e % 8]!;
}

/** `v3@3.0.0`: how a variant is named everywhere in the apply output. */
export const variantTitle = (r: ApplyReport): string => `${r.variant.name}@${r.variant.version}`;

/** `offline (lexical-v1)`, `openai (gpt-4.1-mini)`, `module (src/router.ts#classify)`. */
export function backendTitle(r: ApplyReport): string {
  const v = r.variant;
  const detail = v.classifier?.ref ?? v.model;
  return detail ? `${v.backend} (${detail})` : v.backend;
}

export const hashTitle = (hash: string): string => shortHash(hash);

/** The largest share over everything one chart shows, the full width of its bars. */
export const largestShare = (shares: readonly number[]): number => shares.reduce((m, s) => (s > m ? s : m), 0);

/** A p-value as people read it: 4 significant digits, scientific below 0.0001. */
export function pValue(p: number): string {
  if (!Number.isFinite(p)) return '–';
  if (p === 0) return '< 1e-300';
  return p < 1e-4 ? p.toExponential(2) : p.toPrecision(4).replace(/0+$/, '').replace(/\.$/, '');
}

/** The PSI and its conventional band, in words. */
export function psiWords(value: number, band: PsiBand): string {
  const bands = `below ${PSI_BANDS.moderate} small, ${PSI_BANDS.moderate}–${PSI_BANDS.large} moderate, above ${PSI_BANDS.large} large, by the usual convention`;
  return `PSI ${fixed(value, 4)}: ${band} (${bands}; not a test)`;
}

/** The headline of a drift comparison. */
export function driftVerdict(d: Drift): string {
  const c = d.chiSquare;
  const test = `chi-square ${fixed(c.statistic, 2)}, df ${c.df}, p ${pValue(c.pValue)}`;
  if (c.df === 0) return 'nothing to test: fewer than two categories hold a case';
  return d.flagged ? `DRIFT: the distributions differ at α = ${d.alpha} (${test})` : `no significant drift at α = ${d.alpha} (${test})`;
}

/** The sentences under the drift table: what was dropped, where the approximation is rough, how to read the marks. Plain text holding labels: renderers escape it. */
export function driftNotes(d: Drift): string[] {
  const notes: string[] = [];
  const level = `${fixed(d.level * 100, 0)}%`;
  notes.push(
    `change = later share − earlier share, with Newcombe's hybrid score interval (${level}) for two independent proportions; ` +
      '* marks a label whose interval excludes 0 when the overall test is significant.',
  );
  if (d.dropped.length > 0) notes.push(`left out of the chi-square test (no case in either report): ${d.dropped.join(', ')}`);
  const c = d.chiSquare;
  if (c.lowExpected > 0) notes.push(`${count(c.lowExpected)} of ${count(2 * (c.df + 1))} cells expect fewer than 5 cases: the chi-square p-value is approximate there`);
  if (d.changes.shared > 0) {
    notes.push('the same cases classified twice are not independent samples: for those, the label changes below are the direct evidence');
  }
  return notes;
}
