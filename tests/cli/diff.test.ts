import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportDiff } from '../../src/diff/report-diff.ts';
import { tables } from '../diff/markdown-checks.ts';
import { labelgate } from '../helpers/cli.ts';
import { writeFixtureReports } from '../helpers/reports.ts';
import { tmpDir } from '../helpers/tmp.ts';


describe('labelgate diff', () => {
  // Real reports, built by the metrics code; not tmpDir(), which is emptied after each test.
  const dir = mkdtempSync(path.join(tmpdir(), 'labelgate-diff-'));
  let fixture: (name: string) => string;
  beforeAll(() => {
    fixture = writeFixtureReports(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the changes as text, exit 0', async () => {
    const r = await labelgate(['diff', fixture('large-base.json'), fixture('large-regressed.json')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^labelgate diff/);
    expect(r.stdout).toMatch(/v3\s+3\.0\.0 -> 3\.1\.0\s+300\s+88\.0% -> 81\.0%\s+-7\.0 pp/);
    expect(r.stdout).toMatch(/Broken: 24 \(right -> wrong\)/);
    expect(r.stdout).toMatch(/Fixed: 3 \(wrong -> right\)/);
  });

  it('prints safe markdown, within --max-chars', async () => {
    const r = await labelgate(['diff', fixture('hostile-base.json'), fixture('hostile-candidate.json'), '--format', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/<script|<\/details><script|@someone|#123|```/);
    for (const t of tables(r.stdout)) for (const cells of t.rows) expect(cells).toBe(t.header);
    const small = await labelgate(['diff', fixture('large-base.json'), fixture('large-regressed.json'), '--format', 'markdown', '--max-chars', '3000']);
    expect(small.code).toBe(0);
    expect(small.stdout.length).toBeLessThanOrEqual(3000);
    expect(small.stdout).toMatch(/Cut to fit/);
  });

  it('prints JSON', async () => {
    const r = await labelgate(['diff', fixture('small-base.json'), fixture('small-one-flip.json'), '--format', 'json']);
    expect(r.code).toBe(0);
    const diff = JSON.parse(r.stdout) as ReportDiff;
    const v = diff.variants[0]!;
    expect(v.status).toBe('compared');
    if (v.status === 'compared') expect(v.flips.broken).toHaveLength(1);
  });

  it('exits 2 without a stack on bad input', async () => {
    const dir = tmpDir({ 'old.json': '{"schemaVersion": 0}' });
    const cases: [string[], RegExp][] = [
      [[fixture('large-base.json')], /diff takes two reports, BASE and CANDIDATE \(got 1\)/],
      [[fixture('large-base.json'), path.join(dir, 'nope.json')], /nope\.json: cannot read report \(ENOENT\)/],
      [[path.join(dir, 'old.json'), fixture('large-base.json')], /old\.json: report schemaVersion 0 is not supported/],
      [[fixture('large-base.json'), fixture('large-base.json'), '--format', 'yaml'], /--format must be one of/],
    ];
    const results = await Promise.all(cases.map(([args]) => labelgate(['diff', ...args])));
    for (const [i, [args, message]] of cases.entries()) {
      const r = results[i]!;
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/^\s+at /m);
    }
  });
});
