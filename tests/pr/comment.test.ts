import { describe, expect, it } from 'vitest';
import { diffReports } from '../../src/diff/report-diff.ts';
import { gateConfig } from '../../src/gate/config.ts';
import { evaluateGate } from '../../src/gate/verdict.ts';
import { composeComment, composeSkipped, MARKER, type CommentMeta } from '../../src/pr/comment.ts';
import { buildReport } from '../../src/report/build.ts';
import { buildVariantResult } from '../../src/metrics/variant-result.ts';
import type { CaseRow, Report } from '../../src/report/schema.ts';

const LABELS = ['artifact', 'integrations', 'other'];

/** A report of one variant over `n` cases; `wrong(i)` says which cases it gets wrong (as `other`). */
function report(n: number, version: string, wrong: (i: number) => boolean, query = (i: number) => `question ${i}`): Report {
  const cases: CaseRow[] = Array.from({ length: n }, (_, i) => {
    const gold = LABELS[i % 2]!;
    return { id: `case-${String(i).padStart(4, '0')}`, gold, prediction: wrong(i) ? 'other' : gold, query: query(i) };
  });
  return buildReport({
    dataset: { path: 'datasets/d.jsonl', hash: 'abc', size: n, labels: LABELS, split: 'all' },
    variants: [buildVariantResult({ name: 'v3', version, hash: version === '3.0.0' ? 'h1' : 'h2', labels: LABELS, backend: 'offline', model: 'lexical-v1', cases, resamples: 200 })],
    createdAt: '2026-01-01T00:00:00.000Z',
  });
}

const META: CommentMeta = {
  baseRef: 'main',
  mergeBase: '0123456789abcdef0123456789abcdef01234567',
  head: 'fedcba9876543210fedcba9876543210fedcba98',
  backend: 'offline',
  model: 'lexical-v1',
  notes: [],
  runUrl: 'https://github.example/acme/router/actions/runs/1',
};

describe('composeComment', () => {
  const base = report(200, '3.0.0', () => false);
  const head = report(200, '3.1.0', (i) => i % 2 === 1 && i < 60);
  const config = gateConfig({ regression: { bootstrap: { resamples: 200 } } });
  const gate = evaluateGate(head, base, config);
  const diff = diffReports(base, head, { bootstrap: { resamples: 200 } });

  it('starts with the marker and the verdict, then what ran, the gate and the diff with the broken cases', () => {
    const body = composeComment(gate, diff, META);
    expect(gate.verdict).toBe('fail');
    expect(body.startsWith(`${MARKER}\n## labelgate: ❌ the gate fails\n`)).toBe(true);
    expect(body).toContain('against <code>0123456</code> (merge base with <code>main</code>) · backend <code>offline/lexical-v1</code>');
    expect(body.indexOf('labelgate gate')).toBeLessThan(body.indexOf('labelgate diff'));
    expect(body).toContain('case-0001');
    expect(body).toContain('[this run](https://github.example/acme/router/actions/runs/1)');
  });

  it('stays within the budget however many cases broke, keeping the verdict whole', () => {
    const many = report(3000, '3.1.0', (i) => i % 2 === 1, (i) => `a long question about integrations number ${i} `.repeat(4));
    const manyBase = report(3000, '3.0.0', () => false, (i) => `a long question about integrations number ${i} `.repeat(4));
    const g = evaluateGate(many, manyBase, config);
    const d = diffReports(manyBase, many, { bootstrap: { resamples: 200 } });
    for (const max of [65_536, 20_000, 6_000]) {
      const body = composeComment(g, d, META, max);
      expect(body.length).toBeLessThanOrEqual(max);
      expect(body.startsWith(`${MARKER}\n## labelgate: ❌ the gate fails`)).toBe(true);
      expect(body).toMatch(/maxRecallDrop integrations \| ❌ fail/);
    }
    expect(composeComment(g, d, META, 65_536)).toMatch(/Cut to fit/);
  });

  it('a candidate scored without the cases it breaks fails, and the comment lists those cases in the gate and the diff', () => {
    const broken = (i: number): boolean => i % 2 === 1 && i < 60;
    const kept = report(200, '3.1.0', broken).variants[0]!.cases.filter((_, i) => !broken(i));
    const trimmed = buildReport({
      dataset: { path: 'datasets/d.jsonl', hash: 'trimmed', size: kept.length, labels: LABELS, split: 'all' },
      variants: [buildVariantResult({ name: 'v3', version: '3.1.0', hash: 'h2', labels: LABELS, backend: 'offline', model: 'lexical-v1', cases: kept, resamples: 200 })],
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    const g = evaluateGate(trimmed, base, config);
    expect(g.verdict).toBe('fail');
    expect(g.variants[0]!.rules.find((r) => r.rule === 'maxRemovedCases')).toMatchObject({ verdict: 'fail', count: 30 });
    const body = composeComment(g, diffReports(base, trimmed, { bootstrap: { resamples: 200 } }), META);
    // The gate's rule names the first five; the diff lists the first ten.
    expect(body).toMatch(/30 of the baseline's 200 cases are not evaluated by the candidate \("case-0001", "case-0003", "case-0005", "case-0007", "case-0009", … 25 more\)/);
    expect(body).toContain(`⚠️ 30 of the baseline's case(s) not evaluated by the candidate (the gate's maxRemovedCases): ${[1, 3, 5, 7, 9, 11, 13, 15, 17, 19].map((i) => `<code>case-${String(i).padStart(4, '0')}</code>`).join(', ')}, … 20 more`);
  });

  it('without a baseline says there is no diff; notes and changed code are shown, escaped', () => {
    const alone = evaluateGate(head, undefined, config);
    const body = composeComment(alone, undefined, { ...META, notes: ['No <b>baseline</b> @team'], codeChanged: ['src/x_y.ts'] });
    expect(body).toContain('_No diff: there is no baseline to compare with._');
    expect(body).toContain('> **Note:** No &lt;b&gt;baseline&lt;/b&gt; @\u200bteam');
    expect(body).toContain('<code>src/x\\_y.ts</code>');
  });
});

describe('composeSkipped', () => {
  it('says nothing relevant changed and lists the changed files, escaped', () => {
    const body = composeSkipped(['README.md', 'docs/<script>.md'], { ...META, workingTree: true });
    expect(body.startsWith(`${MARKER}\n## labelgate: ⏭️ eval skipped, nothing relevant changed\n`)).toBe(true);
    expect(body).toContain('the working tree at <code>fedcba9</code>');
    expect(body).toContain('<code>docs/&lt;script&gt;.md</code>');
    expect(body).not.toContain('<script>');
  });
});
