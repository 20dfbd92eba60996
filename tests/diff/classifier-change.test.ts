import { describe, expect, it } from 'vitest';
import { diffReports } from '../../src/diff/report-diff.ts';
import { renderDiffMarkdown } from '../../src/render/diff-markdown.ts';
import type { CaseRow } from '../../src/report/schema.ts';
import { report, variant } from '../helpers/reports.ts';
import { variantChanges } from '../../src/compare/changes.ts';

const rows: CaseRow[] = [
  { id: 'a', gold: 'artifact', prediction: 'artifact' },
  { id: 'b', gold: 'other', prediction: 'other' },
];
const router = (hash: string) => ({ classifier: { kind: 'module', ref: 'src/router.ts#classify', hash } });

describe('a change in the team’s classifier code', () => {
  it('is a change of the variant, like a prompt change, even when every prediction is the same', () => {
    const same = variantChanges(variant('v1', rows, router('aaaa')), variant('v1', rows, router('aaaa')));
    expect(same.classifier).toBe(false);
    expect(variantChanges(variant('v1', rows), variant('v1', rows)).classifier).toBe(false);
    const changed = variantChanges(variant('v1', rows, router('aaaa')), variant('v1', rows, router('bbbb')));
    expect(changed).toMatchObject({ classifier: true, hash: false, version: false });
    // Starting to use a module where there was none counts too.
    expect(variantChanges(variant('v1', rows), variant('v1', rows, router('aaaa'))).classifier).toBe(true);
  });

  it('is named in the pull-request comment with both hashes', () => {
    const diff = diffReports(report([variant('v1', rows, router('aaaa1111aaaa1111'))]), report([variant('v1', rows, router('bbbb2222bbbb2222'))]));
    const md = renderDiffMarkdown(diff);
    expect(md).toContain('aaaa1111aaaa');
    expect(md).toContain('bbbb2222bbbb');
    expect(md).toMatch(/classifier <code>src\/router\.ts#classify \(aaaa1111aaaa\)<\/code> → <code>src\/router\.ts#classify \(bbbb2222bbbb\)<\/code>/);
  });
});
