import { describe, expect, it } from 'vitest';
import { diffReports } from '../../src/diff/report-diff.ts';
import { gateConfig } from '../../src/gate/config.ts';
import { evaluateGate } from '../../src/gate/verdict.ts';
import type { CaseRow } from '../../src/report/schema.ts';
import { renderDiffMarkdown } from '../../src/render/diff-markdown.ts';
import { mdData } from '../../src/render/escape.ts';
import { renderDiffText } from '../../src/render/diff-text.ts';
import { renderGateMarkdown } from '../../src/render/gate-markdown.ts';
import { GITHUB_COMMENT_LIMIT } from '../../src/render/md-budget.ts';
import { report, variant } from '../helpers/reports.ts';
import { tables } from './markdown-checks.ts';

const HOSTILE = [
  'what does a | b mean | in a table',
  'close it </details> and open <details><summary>x</summary>',
  '<script>alert("x")</script> <img src=x onerror=alert(1)>',
  'ping @someone and @org/team about this',
  'see #123 and owner/repo#45',
  'run ```js\nconsole.log(1)\n``` then `inline`',
  `huge ${'lorem ipsum dolor sit amet '.repeat(4000)}`, // ~108 KB
  '\u001b[31mred\u001b[0m terminal escape',
  '[a link](https://evil.example) **bold** _it_ ~~s~~ ![img](x) \\| already escaped',
];

/** A baseline and a candidate where every hostile query is a flipped case, plus `extra` more flips. */
function hostileDiff(extra = 0) {
  const base: CaseRow[] = [];
  const cand: CaseRow[] = [];
  HOSTILE.forEach((query, i) => {
    const id = i === 6 ? `id-${'x|`<>'.repeat(20_000)}` : `h${i} | @someone`;
    base.push({ id, gold: 'other', prediction: i % 2 === 0 ? 'other' : 'artifact', query });
    cand.push({ id, gold: 'other', prediction: i % 2 === 0 ? 'artifact' : 'other', query });
  });
  for (let i = 0; i < extra; i++) {
    const query = `${HOSTILE[i % HOSTILE.length]!.slice(0, 200)} #${i} @user${i} | </details>`;
    base.push({ id: `e${i}`, gold: 'artifact', prediction: 'artifact', query });
    cand.push({ id: `e${i}`, gold: 'artifact', prediction: 'other', query });
  }
  return diffReports(report([variant('v3|<b>@x</b>', base)]), report([variant('v3|<b>@x</b>', cand, { version: '2.0.0', hash: 'sha256:new' })]), {
    bootstrap: { resamples: 200 },
  });
}

function expectSafe(md: string): void {
  expect(md).not.toMatch(/<script/i);
  expect(md).not.toMatch(/<img/i);
  expect(md).not.toMatch(/<b>/);
  expect(md).not.toMatch(/@someone|@org|@user\d|@x/);
  expect(md).not.toMatch(/(?<!&)#\d/); // "&#58;" is an entity, not a reference
  expect(md).not.toContain('```');
  expect(md).not.toContain('\u001b');
  expect(md).not.toMatch(/\]\(https?:/);
  // Every <details> the renderer opened is closed by the renderer, and none come from data.
  expect((md.match(/<details>/g) ?? []).length).toBe((md.match(/<\/details>/g) ?? []).length);
  expect(md).not.toContain('<details><summary>x</summary>');
  for (const t of tables(md)) {
    expect(t.delimiter).toBe(t.header);
    expect(t.rows.length).toBeGreaterThan(0);
    for (const cells of t.rows) expect(cells).toBe(t.header);
  }
}

describe('diff markdown with hostile dataset text', () => {
  it('keeps every table intact and notifies no one', () => {
    const md = renderDiffMarkdown(hostileDiff());
    expectSafe(md);
    // The data is still there, escaped: the pipe, the tags as text, the mention defused.
    expect(md).toContain('what does a \\| b mean');
    expect(md).toContain('&lt;/details&gt;');
    expect(md).toContain('&lt;script&gt;');
    expect(md).toContain('@\u200bsomeone');
    expect(md).toContain('#\u200b123');
    // A 100 KB query (and a 100 KB id) become short excerpts.
    expect(md.length).toBeLessThan(20_000);
    expect(md).toMatch(/huge lorem ipsum[^|]*…/);
    // The flipped-case tables have 4 columns: case, gold, baseline, candidate.
    expect(tables(md).filter((t) => t.header === 4).reduce((n, t) => n + t.rows.length, 0)).toBe(HOSTILE.length);
  });

  it('folds long lists into <details> and stays under the comment limit with a visible note of the cut', () => {
    const md = renderDiffMarkdown(hostileDiff(3000));
    expect(md.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expectSafe(md);
    expect(md).toMatch(/<details><summary>Broken: 3,00\d/);
    expect(md).toMatch(/Cut to fit GitHub's 65,536-character comment limit:\*\* [\d,]+ flipped case\(s\) not listed/);
    expect(md).toMatch(/… and [\d,]+ more not listed/);
    // Nothing was cut that did not have to be: the budget is mostly used.
    expect(md.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT * 0.9);
  });

  it('fits any budget, so the pull-request flow can put the gate verdict in the same comment', () => {
    const diff = hostileDiff(500);
    for (const budget of [40_000, 8_000, 3_000, 1_200, 600]) {
      const md = renderDiffMarkdown(diff, { maxChars: budget });
      expect(md.length).toBeLessThanOrEqual(budget);
      expect(md).toMatch(/Cut/);
      expectSafe(md);
    }
    const rows = (prediction: string): CaseRow[] => [{ id: 'a|@x', gold: 'other', prediction, query: '<script>' }];
    const gate = renderGateMarkdown(evaluateGate(report([variant('v3', rows('artifact'))]), report([variant('v3', rows('other'))]), gateConfig()));
    const comment = `${gate}\n${renderDiffMarkdown(hostileDiff(3000), { maxChars: GITHUB_COMMENT_LIMIT - gate.length - 1 })}`;
    expect(comment.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expectSafe(comment);
  });

  it('renders text for a terminal with no control sequences from data', () => {
    const text = renderDiffText(hostileDiff());
    expect(text).not.toContain('\u001b');
    expect(text).toContain('what does a | b mean');
  });
});

describe('mdData', () => {
  it('escapes, strips control characters, shortens, and keeps ":" a valid entity', () => {
    expect(mdData('see: https://x.io #12 @me | <b>\u001b[1m', 200)).toBe('see&#58; https&#58;//x.io #\u200b12 @\u200bme \\| &lt;b&gt;');
    expect(mdData('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});

describe('gate markdown', () => {
  it('escapes variant and label names and keeps tables intact', () => {
    const rows = (pred: string): CaseRow[] =>
      Array.from({ length: 40 }, (_, i) => ({ id: `c${i}`, gold: i < 20 ? 'other' : 'artifact', prediction: i < 10 ? pred : i < 20 ? 'other' : 'artifact' }));
    const base = report([variant('v3 | @team <script>', rows('other'))]);
    const cand = report([variant('v3 | @team <script>', rows('artifact'), { version: '2' })]);
    const md = renderGateMarkdown(evaluateGate(cand, base, gateConfig({ defaults: { minRecall: 0.6 } })));
    expectSafe(md);
    expect(md).not.toMatch(/@team/);
    expect(md).toMatch(/labelgate gate: ❌ FAIL/);
    expect(md).toMatch(/<details><summary>\d+ rule\(s\) passed<\/summary>/);
  });

  it('stays within a budget', () => {
    const rows = (pred: string): CaseRow[] => Array.from({ length: 40 }, (_, i) => ({ id: `c${i}`, gold: 'other', prediction: i < 5 ? pred : 'other' }));
    const many = Array.from({ length: 300 }, (_, i) => `variant-${i}-${'x'.repeat(50)}`);
    const result = evaluateGate(report(many.map((n) => variant(n, rows('artifact')))), report(many.map((n) => variant(n, rows('other')))), gateConfig());
    const md = renderGateMarkdown(result, { maxChars: 10_000 });
    expect(md.length).toBeLessThanOrEqual(10_000);
    expect(md).toMatch(/Cut/);
    expectSafe(md);
  });
});
