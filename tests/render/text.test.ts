import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/core/text.ts';
import { renderReportText, renderSummaryTable } from '../../src/render/report-text.ts';
import { textTable } from '../../src/render/table.ts';
import { buildReport } from '../../src/report/build.ts';
import { HOSTILE_LABELS, sampleReport } from './sample.ts';
import { buildVariantResult } from '../../src/metrics/variant-result.ts';

/** The table blocks of a text report: a header line followed by a "───" rule. */
function tableBlocks(text: string): string[][] {
  const lines = text.split('\n');
  const blocks: string[][] = [];
  lines.forEach((line, i) => {
    if (!/^─+( +─+)*$/.test(line)) return;
    const block = [lines[i - 1]!, line];
    for (let j = i + 1; j < lines.length && lines[j] !== '' && !lines[j]!.startsWith('*'); j++) block.push(lines[j]!);
    blocks.push(block);
  });
  return blocks;
}

/** Column spans from the rule line. */
function spans(rule: string): [number, number][] {
  return [...rule.matchAll(/─+/g)].map((m) => [m.index!, m.index! + m[0].length]);
}

/** A cell's text at a display-column span (wide characters counted twice). */
function at(line: string, [from, to]: [number, number]): string {
  let col = 0;
  let out = '';
  for (const ch of line) {
    const w = displayWidth(ch);
    if (col >= from && col + w <= to) out += ch;
    col += w;
  }
  return out;
}

function expectAligned(text: string): void {
  const blocks = tableBlocks(text);
  expect(blocks.length).toBeGreaterThan(0);
  for (const [header, rule, ...rows] of blocks) {
    const columns = spans(rule!);
    for (const line of [header!, ...rows]) {
      expect(displayWidth(line)).toBeLessThanOrEqual(displayWidth(rule!));
      // Every cell fits its column: the separators between columns are blank.
      columns.slice(1).forEach(([from], c) => expect(at(line, [columns[c]![1], from]).trim(), line).toBe(''));
    }
  }
}

describe('textTable', () => {
  it('aligns left and right, rules the header, trims line ends', () => {
    expect(textTable(['name', 'n'], [['a', '1'], ['longer', '100']], ['l', 'r'])).toBe('name      n\n──────  ───\na         1\nlonger  100');
  });
  it('measures wide characters as two columns', () => {
    expect(displayWidth('分类')).toBe(4);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(textTable(['x', 'n'], [['分类', '1'], ['ab', '2']], ['l', 'r'])).toBe('x     n\n────  ─\n分类  1\nab    2');
  });
});

describe('renderReportText', () => {
  it('renders the sample report', () => {
    const text = renderReportText(sampleReport());
    expectAligned(text);
    expect(text).toMatchSnapshot();
  });

  it('shows the summary with intervals, and per variant the labels and the confusion grid', () => {
    const text = renderReportText(sampleReport());
    expect(text).toContain('accuracy (95% CI)');
    expect(text).toMatch(/v1-baseline@1 +offline +12 +58\.3% \(\d+\.\d–\d+\.\d\)/);
    expect(text).toContain('offline');
    expect(text).toContain('openai/gpt-4.1-mini');
    expect(text).toContain('gold \\ predicted');
    expect(text.match(/confusion \(rows gold, columns predicted\)/g)).toHaveLength(2);
  });

  it('is one line per row and free of control characters whatever the label names contain', () => {
    const text = renderReportText(sampleReport([...HOSTILE_LABELS.slice(0, 3), HOSTILE_LABELS[4]!]));
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(text).toContain('line break');
    expectAligned(text);
  });

  it('keeps columns aligned with wide label names', () => {
    expectAligned(renderReportText(sampleReport(['文档', 'インテグレーション', 'visualisation', 'other'])));
  });

  it('flags 0/0 with a footnote and keeps the digits aligned', () => {
    const text = renderReportText(sampleReport(['artifact', 'integrations', 'visualisation', 'other', 'billing']));
    expect(text).toMatch(/billing +0\.0%\* +0\.0% \(0\.0–100\.0\)\* +0\.0%\* +0 +0/);
    expect(text).toContain('* 0/0 (no gold cases or no predictions of the label)');
    expectAligned(text);
  });

  it('warns about prediction ids that matched no case', () => {
    const text = renderReportText({ ...sampleReport(), unknownPredictionIds: ['a', 'b', 'c', 'd', 'e', 'f\u001b[2J'] });
    expect(text).toContain('warning: 6 prediction(s) match no case in the dataset: "a", "b", "c", "d", "e", …');
  });
});

describe('undefined kappa', () => {
  it('is marked in the summary and explained once', () => {
    const cases = [{ id: '1', gold: 'a', prediction: 'a' }];
    const report = buildReport({
      dataset: { path: 'd.jsonl', hash: 'h', size: 1, labels: ['a'], split: 'all' },
      variants: [buildVariantResult({ name: 'one', version: '1', hash: 'h', labels: ['a', 'b'], backend: 'offline', cases })],
    });
    const text = renderReportText(report);
    expect(text).toMatch(/one@1 +offline +1 +100\.0% \(20\.7–100\.0\) +50\.0% \(50\.0–50\.0\) +0\.000\*/);
    expect(text.match(/kappa is 0\/0 here/g)).toHaveLength(1);
  });
});

describe('renderSummaryTable', () => {
  it('is just the compact table, one row per variant', () => {
    const lines = renderSummaryTable(sampleReport()).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^variant +backend +n +accuracy \(95% CI\) +macro-F1 \(95% CI\) +kappa +invalid +error +cost \/ 1k cases$/);
  });
});
