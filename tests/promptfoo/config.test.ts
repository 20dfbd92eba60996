import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { derivedMetricsFor } from '../../src/promptfoo/named-scores.ts';
import { loadVariant, loadVariants } from '../../src/variant/load.ts';
import { checkLock, describeLockProblem, readLock } from '../../src/variant/lock.ts';
import { labelNames, variantId } from '../../src/variant/schema.ts';
import { ROOT } from '../helpers/cli.ts';

interface PromptfooConfig {
  prompts: { id: string; label: string; config: { variant: string } }[];
  derivedMetrics: { name: string; value: string }[];
}

const config = parse(readFileSync(path.join(ROOT, 'promptfooconfig.yaml'), 'utf8')) as PromptfooConfig;

describe("the repo's promptfoo config and variants", () => {
  it('shows every bundled variant as name@version, in step with the variant files', () => {
    const fromConfig = config.prompts.map((p) => [p.label, variantId(loadVariant(path.join(ROOT, p.config.variant)))]);
    for (const [label, id] of fromConfig) expect(label).toBe(id);
    const bundled = loadVariants([path.join(ROOT, 'prompts/docs-router')]).map(variantId);
    expect(fromConfig.map(([label]) => label)).toEqual(bundled);
  });

  it('carries the derived metrics labelgate generates for the variants’ labels', () => {
    const labels = labelNames(loadVariant(path.join(ROOT, config.prompts[0]!.config.variant)));
    expect(config.derivedMetrics).toEqual(derivedMetricsFor(labels));
  });

  it('has every bundled variant version locked with its current content (bump the version and run `npx labelgate lock`)', () => {
    const variants = loadVariants([path.join(ROOT, 'prompts')]);
    const problems = checkLock(variants, readLock(path.join(ROOT, 'prompts/variants.lock.json')));
    expect(problems.map((p) => `${p.variant.path}: ${describeLockProblem(p)}`)).toEqual([]);
  });
});
