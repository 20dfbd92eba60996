import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkDerivedMetrics } from '../../src/plugin/hooks.ts';
import { ROOT } from '../helpers/cli.ts';

const repoConfig = parse(readFileSync(path.join(ROOT, 'promptfooconfig.yaml'), 'utf8')) as { derivedMetrics: { name: string; value: string }[] };
const prompts = [{ config: { variant: path.join(ROOT, 'prompts/docs-router/v1.yaml') } }] as Parameters<typeof checkDerivedMetrics>[0]['prompts'];

describe('the hook checks the config’s derivedMetrics against the variants’ labels', () => {
  it('says nothing for the repository’s own config', () => {
    expect(checkDerivedMetrics({ prompts, derivedMetrics: repoConfig.derivedMetrics })).toEqual([]);
  });

  it('names the metrics of a config written for older count names, another label set, or none', () => {
    // As written before the counts were named tally_*: every metric reads names no case emits now.
    const older = repoConfig.derivedMetrics.map((m) => ({ name: m.name, value: m.value.replace(/tally_/g, '') }));
    const [warning] = checkDerivedMetrics({ prompts, derivedMetrics: older });
    expect(warning).toMatch(/^derivedMetrics do not match the labels artifact, integrations, visualisation, other \(missing or different: accuracy, precision_artifact, .*, f1_other\)/);
    // A label renamed in the variant: only that label's metrics and macro-F1 are out of step.
    const renamed = repoConfig.derivedMetrics.filter((m) => !m.name.endsWith('_other') && m.name !== 'macro_f1');
    expect(checkDerivedMetrics({ prompts, derivedMetrics: renamed })[0]).toContain('(missing or different: precision_other, recall_other, f1_other, macro_f1)');
    expect(checkDerivedMetrics({ prompts, derivedMetrics: undefined })).toHaveLength(1);
    expect(checkDerivedMetrics({ prompts: [], derivedMetrics: undefined })).toEqual([]);
  });
});
