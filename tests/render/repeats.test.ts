import { describe, expect, it } from 'vitest';
import { combineRuns } from '../../src/metrics/repeats.ts';
import { buildVariantResult } from '../../src/metrics/variant-result.ts';
import { buildReport } from '../../src/report/build.ts';
import type { CaseRow } from '../../src/report/schema.ts';
import { FLAKY_SHOWN } from '../../src/render/repeat-lines.ts';
import { renderReportMarkdown } from '../../src/render/report-markdown.ts';
import { renderReportText } from '../../src/render/report-text.ts';

const LABELS = ['a', 'b'];
const HOSTILE_ID = '<img src=x>|@team \u001b[31m#12';

/** Two runs of 12 cases: the hostile one and ten more disagree, one agrees. */
function repeatedReport() {
  const ids = [HOSTILE_ID, ...Array.from({ length: 11 }, (_, i) => `c${i + 1}`)];
  const run = (answers: (i: number) => string): CaseRow[] => ids.map((id, i) => ({ id, gold: 'a', prediction: answers(i) }));
  const rows = combineRuns([run(() => 'a'), run((i) => (i === 11 ? 'a' : 'b'))]);
  return buildReport({ dataset: { path: 'd.jsonl', hash: 'h', size: 12, labels: LABELS, split: 'all' }, variants: [buildVariantResult({ name: 'v', version: '1', hash: 'h', labels: LABELS, backend: 'module', cases: rows })] });
}

describe('repeats in the report renderers', () => {
  it('text: runs, spread, majority vote, agreement, flip rate and the first flaky cases, terminal-safe', () => {
    const text = renderReportText(repeatedReport());
    expect(text).toContain('2 runs per case (metrics above: run 1): accuracy per run 54.2% mean, 8.3%–100.0%; majority vote 100.0%');
    // 11 of 12 cases split 1–1: each pair of runs differs in correctness for them.
    expect(text).toContain(`agreement 54.2% mean; 11 flaky case(s); flip rate 91.7%`);
    expect(text).toContain(`; … and ${11 - FLAKY_SHOWN} more`);
    expect(text).not.toContain('\u001b');
  });

  it('markdown: the same facts as a list, case ids escaped', () => {
    const md = renderReportMarkdown(repeatedReport());
    expect(md).toContain('- 2 runs per case (metrics above: run 1)');
    expect(md).not.toContain('<img');
    expect(md).not.toMatch(/@team/);
    expect(md).not.toMatch(/#12/);
    expect(md).toContain('&lt;img src=x&gt;\\|');
  });
});
