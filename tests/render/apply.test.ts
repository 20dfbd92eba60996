import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/core/text.ts';
import { compareDistributions } from '../../src/metrics/drift.ts';
import { bar, MAX_BAR, pValue, type ApplyView } from '../../src/render/apply-view.ts';
import { render } from '../../src/render/registry.ts';
import { summariseWeak } from '../../src/render/weak-summary.ts';
import { renderApplyPage } from '../../src/tui/html/apply-page.ts';
import { activeMarkdown } from '../diff/markdown-checks.ts';
import { applyReport, times } from '../helpers/apply-reports.ts';
import { activeTerminal } from '../helpers/terminal-checks.ts';

const LABELS = ['artifact', 'integrations', 'visualisation', 'other'];
const later = applyReport(LABELS, [...times('artifact', 116), ...times('integrations', 64), ...times('visualisation', 81), ...times('other', 195), 'invalid'], { name: 'v3', version: '3.0.0' });
const earlier = applyReport(LABELS, [...times('artifact', 79), ...times('integrations', 8), ...times('visualisation', 70), ...times('other', 300)], { name: 'v1' });
const view: ApplyView = { report: later, compared: { file: 'reports/earlier.json', earlier, drift: compareDistributions(earlier, later) } };

const BAR_CHARS = /[█▏▎▍▌▋▊▉]+/;
const barLength = (line: string) => {
  const b = line.match(BAR_CHARS)?.[0] ?? '';
  return [...b].reduce((n, ch) => n + (ch === '█' ? 8 : '▏▎▍▌▋▊▉'.indexOf(ch) + 1), 0) / 8;
};

describe('bar', () => {
  it('eighths of a column, in proportion, at least a sliver for anything above zero', () => {
    expect(bar(1, 1, 10)).toBe('█'.repeat(10));
    expect(bar(0.5, 1, 10)).toBe('█'.repeat(5));
    expect(bar(0.55, 1, 10)).toBe('█████▌');
    expect(bar(0, 1, 10)).toBe('');
    expect(bar(0.0001, 1, 10)).toBe('▏');
    expect(bar(2, 1, 4)).toBe('████');
  });
});

describe('apply text', () => {
  it('bars fill the width the terminal leaves, in proportion, and fit in it', () => {
    for (const width of [60, 100, 200]) {
      const text = render('apply', 'text', { report: later }, { width });
      const lines = text.split('\n');
      const table = lines.slice(lines.findIndex((l) => l.startsWith('label ')), lines.findIndex((l) => l.startsWith('total')) + 1);
      expect(table).toHaveLength(9);
      for (const l of table) expect(displayWidth(l), `${width}: ${l}`).toBeLessThanOrEqual(width);
      const other = table.find((l) => l.startsWith('other'))!;
      const artifact = table.find((l) => l.startsWith('artifact'))!;
      // The largest share fills the bar column: as wide as the terminal allows, up to MAX_BAR.
      expect(barLength(other)).toBe(Math.min(MAX_BAR, width - displayWidth(table[0]!) - 3));
      expect(barLength(artifact) / barLength(other)).toBeCloseTo(116 / 195, 1);
    }
  });

  it('holds no colour or control sequence: bars are characters (NO_COLOR-safe)', () => {
    const text = render('apply', 'text', view, { width: 80 });
    expect(text).not.toContain('\u001b');
    expect(activeTerminal(text)).toEqual([]);
    expect(text).toContain('1 case(s) without a valid label');
    expect(text).toMatch(/^invalid +1 +0\.2%/m);
    expect(text).toMatch(/^error +0 +0\.0%/m);
    expect(text).toContain('DRIFT: the distributions differ at α = 0.05 (chi-square');
    expect(text).toMatch(/^other +earlier +65\.6% +█+/m);
  });

  it('hostile labels and ids from a report are shown inert', () => {
    const hostile = applyReport(['ok', 'a\u001b[2Jb'], ['ok', 'a\u001b[2Jb', 'error'], { ids: ['x\u202ey', 'x2', '\u001b]0;t\u0007id'] });
    const before = applyReport(['ok', 'a\u001b[2Jb'], ['a\u001b[2Jb', 'ok', 'ok'], { ids: ['x\u202ey', 'x2', '\u001b]0;t\u0007id'] });
    const v: ApplyView = { report: hostile, compared: { file: 'e\u001b[31m.json', earlier: before, drift: compareDistributions(before, hostile) } };
    const text = render('apply', 'text', v, { width: 100 });
    expect(activeTerminal(text)).toEqual([]);
    expect(text).toContain('x<U+202E>y');
    const md = render('apply', 'markdown', v);
    expect(activeMarkdown(md)).toEqual([]);
    const page = renderApplyPage(v);
    expect(activeTerminal(page)).toEqual([]);
    expect(page).not.toMatch(/<script/i);
  });
});

describe('apply markdown and json', () => {
  it('markdown: inert, tables whole, the drift verdict and the label changes', () => {
    const md = render('apply', 'markdown', view);
    expect(activeMarkdown(md)).toEqual([]);
    expect(md).toContain('| other | 195 | 42.7% |');
    expect(md).toContain('**DRIFT&#58; the distributions differ at α = 0.05');
    expect(md).toContain('| integrations | 1.8% (8) | 14.0% (64) | +12.3 pp |');
  });

  it('json is the view itself', () => {
    expect(JSON.parse(render('apply', 'json', view))).toEqual(JSON.parse(JSON.stringify(view)));
  });
});

describe('pValue', () => {
  it('four significant digits, scientific below 1e-4', () => {
    expect(pValue(0.0895733)).toBe('0.08957');
    expect(pValue(0.5)).toBe('0.5');
    expect(pValue(3.45e-5)).toBe('3.45e-5');
    expect(pValue(0)).toBe('< 1e-300');
  });
});

describe('weak summary', () => {
  const lines = [
    { agreed: true, proposal: { label: 'bug' }, opinions: [{ variant: 'v1@1', label: 'bug' }, { variant: 'v3@3', label: 'bug' }] },
    { agreed: false, proposal: { label: 'billing' }, opinions: [{ variant: 'v1@1', label: 'invalid' }, { variant: 'v3@3', label: 'billing' }] },
    { agreed: false, proposal: null, opinions: [{ variant: 'v1@1', label: 'error' }, { variant: 'v3@3', label: 'invalid' }] },
    { agreed: false, proposal: { label: 'bug' }, opinions: [{ variant: 'v1@1', label: 'bug' }, { variant: 'v3@3', label: 'billing' }] },
  ];

  it('counts agreement, proposals per label and each variant’s invalid and error answers', () => {
    expect(summariseWeak(lines, 'weak.jsonl')).toEqual({
      out: 'weak.jsonl',
      cases: 4,
      agreed: 1,
      proposals: [
        { label: 'bug', count: 2 },
        { label: 'billing', count: 1 },
      ],
      unproposed: 1,
      variants: [
        { variant: 'v1@1', invalid: 1, error: 1 },
        { variant: 'v3@3', invalid: 1, error: 0 },
      ],
    });
    const text = render('weak', 'text', summariseWeak(lines, 'weak.jsonl'));
    expect(text).toContain('labelgate label: 4 case(s) written to weak.jsonl, all 2 variants agree on 1 (25.0%)');
    expect(text).toMatch(/^\(no proposal\) +1 +25\.0%$/m);
    expect(activeMarkdown(render('weak', 'markdown', summariseWeak(lines, 'weak.jsonl')))).toEqual([]);
  });
});
