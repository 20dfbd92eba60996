import { jsonText } from '../core/text.ts';
import type { ReportDiff } from '../diff/report-diff.ts';
import type { GateResult } from '../gate/types.ts';
import type { Report } from '../report/schema.ts';
import { renderApplyMarkdown } from './apply-markdown.ts';
import { renderApplyText } from './apply-text.ts';
import type { ApplyRenderOptions, ApplyView } from './apply-view.ts';
import { renderWeakMarkdown, renderWeakText, type WeakSummary } from './weak-summary.ts';
import { renderDiffMarkdown, type DiffMarkdownOptions } from './diff-markdown.ts';
import { renderDiffText } from './diff-text.ts';
import { renderGateMarkdown, type GateMarkdownOptions } from './gate-markdown.ts';
import { renderGateText } from './gate-text.ts';
import { renderPowerMarkdown, renderPowerText, type PowerReport } from './power.ts';
import { gateWithMessages } from './gate-words.ts';
import { renderReportMarkdown } from './report-markdown.ts';
import { renderReportText } from './report-text.ts';

/**
 * Every renderer, registered per artefact and format: a command asks `render(artefact, format,
 * value)` instead of choosing a function itself. A new artefact or format is a new entry here; a
 * missing one fails to compile.
 */
export const FORMATS = ['text', 'markdown', 'json'] as const;
export type Format = (typeof FORMATS)[number];

/** What each artefact is. */
export interface Artefacts {
  report: Report;
  gate: GateResult;
  diff: ReportDiff;
  power: PowerReport;
  apply: ApplyView;
  weak: WeakSummary;
}

/** The options each artefact's renderers take (markdown budgets for pull-request comments). */
export interface RenderOptions {
  report: Record<string, never>;
  gate: GateMarkdownOptions;
  diff: DiffMarkdownOptions;
  power: Record<string, never>;
  apply: ApplyRenderOptions;
  weak: Record<string, never>;
}

export type Renderer<A extends keyof Artefacts> = (value: Artefacts[A], options: RenderOptions[A]) => string;

/** JSON is the value itself (controls escaped, so printing it cannot drive a terminal): what `--format json` prints is what a script reads. */
const json = (value: unknown): string => `${jsonText(value)}\n`;

export const RENDERERS: { [A in keyof Artefacts]: Record<Format, Renderer<A>> } = {
  report: { text: renderReportText, markdown: renderReportMarkdown, json },
  gate: { text: renderGateText, markdown: renderGateMarkdown, json: (g) => json(gateWithMessages(g)) },
  diff: { text: renderDiffText, markdown: renderDiffMarkdown, json },
  power: { text: renderPowerText, markdown: renderPowerMarkdown, json },
  apply: { text: renderApplyText, markdown: renderApplyMarkdown, json },
  weak: { text: renderWeakText, markdown: renderWeakMarkdown, json },
};

export function render<A extends keyof Artefacts>(artefact: A, format: Format, value: Artefacts[A], options?: RenderOptions[A]): string {
  return RENDERERS[artefact][format](value, options ?? ({} as RenderOptions[A]));
}
