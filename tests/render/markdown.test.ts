import { describe, expect, it } from 'vitest';
import { renderReportMarkdown } from '../../src/render/report-markdown.ts';
import { mdTable } from '../../src/render/table.ts';
import { HOSTILE_LABELS, sampleReport } from './sample.ts';

/** Splits a GFM table row into cells the way cmark-gfm does: a backslash escapes the next character. */
function cells(row: string): string[] {
  expect(row.startsWith('|') && row.endsWith('|')).toBe(true);
  const out: string[] = [];
  let cell = '';
  for (let i = 1; i < row.length; i++) {
    const ch = row[i]!;
    if (ch === '\\') {
      cell += ch + (row[i + 1] ?? '');
      i++;
    } else if (ch === '|') {
      out.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  return out;
}

/** Every table in a markdown document: consecutive lines starting with "|". */
function tables(md: string): string[][] {
  const found: string[][] = [];
  let current: string[] = [];
  for (const line of md.split('\n')) {
    if (line.startsWith('|')) current.push(line);
    else if (current.length > 0) {
      found.push(current);
      current = [];
    }
  }
  if (current.length > 0) found.push(current);
  return found;
}

function expectValidTables(md: string): void {
  const all = tables(md);
  expect(all.length).toBeGreaterThan(0);
  for (const table of all) {
    const width = cells(table[0]!).length;
    expect(cells(table[1]!).every((c) => /^:?-+:?$/.test(c))).toBe(true);
    for (const row of table) expect(cells(row)).toHaveLength(width);
  }
}

describe('mdTable', () => {
  it('writes a header, an alignment row and the rows', () => {
    expect(mdTable(['a', 'b', 'c'], [['1', '2', '3']], ['l', 'r', 'c'])).toBe('| a | b | c |\n|:--|--:|:-:|\n| 1 | 2 | 3 |');
  });
  it('defaults to left alignment, fills missing and empty cells, flattens line breaks', () => {
    expect(mdTable(['a', 'b'], [['x\ny'], ['', 'z']])).toBe('| a | b |\n|:--|:--|\n| x y |   |\n|   | z |');
  });
});

describe('renderReportMarkdown', () => {
  it('renders the sample report', () => {
    const md = renderReportMarkdown(sampleReport());
    expectValidTables(md);
    expect(md).toMatchSnapshot();
  });

  it('keeps tables valid and inert whatever the label names contain', () => {
    const md = renderReportMarkdown(sampleReport(HOSTILE_LABELS.slice(0, 4)));
    expectValidTables(md);
    expect(md).not.toContain('<script>');
    expect(md).not.toMatch(/@team/); // a zero-width space follows the @, so nobody is notified
    expect(md).not.toMatch(/#12/);
    expect(md).not.toContain('**bold**');
  });

  it('warns about unknown prediction ids, escaped', () => {
    const report = { ...sampleReport(), unknownPredictionIds: ['x|y', 'z'] };
    const md = renderReportMarkdown(report);
    expect(md).toContain('2 prediction(s) match no case');
    expect(md).toContain('<code>x\\|y</code>');
  });

  it('flags 0/0 values with a footnote', () => {
    const report = sampleReport(['artifact', 'integrations', 'visualisation', 'other', 'billing']);
    const md = renderReportMarkdown(report);
    expect(md).toContain('| billing | 0.0%\\* | 0.0% (0.0–100.0)\\* | 0.0%\\* | 0 | 0 |');
    expect(md).toContain('\\* 0/0 (no gold cases or no predictions of the label)');
    expectValidTables(md);
  });
});
