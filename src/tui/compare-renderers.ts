import type { Format } from '../render/registry.ts';
import { renderHtmlPage } from './html/page.ts';
import type { CompareModel } from './model/compare-model.ts';
import { compareJson, renderCompareMarkdown, renderCompareText } from './static-output.ts';

/** The comparison's formats: the registry's three, and the self-contained page of `report --html`. */
export type CompareFormat = Format | 'html';

export type CompareRenderer = (model: CompareModel, reference: number) => string;

/**
 * The comparison's renderers, registered per format the way `render/registry.ts` registers every
 * other artefact's (its view model lives in `tui/`, above `render/`, so it is registered here):
 * `compare` and `report --html` ask `renderCompare(format, …)` instead of choosing a function.
 */
export const COMPARE_RENDERERS: Record<CompareFormat, CompareRenderer> = {
  text: renderCompareText,
  markdown: renderCompareMarkdown,
  json: compareJson,
  html: renderHtmlPage,
};

export function renderCompare(format: CompareFormat, model: CompareModel, reference: number): string {
  return COMPARE_RENDERERS[format](model, reference);
}
