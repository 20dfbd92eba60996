import { describe, expect, it } from 'vitest';
import { FORMATS } from '../../src/render/registry.ts';
import { COMPARE_RENDERERS, renderCompare } from '../../src/tui/compare-renderers.ts';
import { renderHtmlPage } from '../../src/tui/html/page.ts';
import { compareJson, renderCompareMarkdown, renderCompareText } from '../../src/tui/static-output.ts';
import { fixtureModel } from './fixture.ts';

describe('the comparison renderers, registered per format', () => {
  it("registers every format of the registry and the HTML page, and each entry is that format's renderer", () => {
    expect(Object.keys(COMPARE_RENDERERS).sort()).toEqual([...FORMATS, 'html'].sort());
    const model = fixtureModel();
    expect(renderCompare('text', model, 0)).toBe(renderCompareText(model, 0));
    expect(renderCompare('markdown', model, 1)).toBe(renderCompareMarkdown(model, 1));
    expect(JSON.parse(renderCompare('json', model, 0))).toEqual(JSON.parse(compareJson(model, 0)));
    expect(renderCompare('html', model, 1)).toBe(renderHtmlPage(model, 1));
    // The reference column reaches the renderer: another reference is another output.
    expect(renderCompare('text', model, 1)).not.toBe(renderCompare('text', model, 0));
  });
});
