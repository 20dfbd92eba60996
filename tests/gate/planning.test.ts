import { describe, expect, it } from 'vitest';
import { gateConfig } from '../../src/gate/config.ts';
import { planRules } from '../../src/gate/planning.ts';
import { casesNeeded, minDetectableDrop, regressionPower } from '../../src/gate/power.ts';

describe('sample-size planning', () => {
  const config = gateConfig();
  const supports = { other: 150, artifact: 50, integrations: 50, visualisation: 50 };
  const plan = planRules({ supports, config, flipShare: 0.1, targetDrop: 0.03, targetLabelDrop: 0.1 });

  it('one plan per regression rule, at the level the correction guarantees each', () => {
    expect(plan.map((r) => r.label ?? 'accuracy')).toEqual(['accuracy', 'other', 'artifact', 'integrations', 'visualisation']);
    // Accuracy: α·½; each of the four labels: α·½/4.
    expect(plan[0]).toMatchObject({ n: 300, share: 1, allowance: 0.02, level: 0.025 });
    expect(plan[2]).toMatchObject({ n: 50, allowance: 0.05, level: 0.00625 });
    expect(plan[2]!.share).toBeCloseTo(1 / 6, 15);
  });

  it('cases needed scale the rule’s own need by its share of the cases, and reach the power there', () => {
    const label = plan[2]!;
    const ruleCases = casesNeeded({ flipShare: 0.1, allowance: 0.05, level: 0.00625 }, 0.1, 0.8)!;
    expect(label.casesNeeded).toBe(Math.ceil(ruleCases * 6));
    expect(regressionPower({ n: ruleCases, flipShare: 0.1, allowance: 0.05, level: 0.00625 }, 0.1)).toBeGreaterThanOrEqual(0.8);
    expect(plan[0]!.minDetectableDrop).toBe(minDetectableDrop({ n: 300, flipShare: 0.1, allowance: 0.02, level: 0.025 }, 0.8));
    // A smaller label needs a bigger dataset for the same drop.
    expect(plan[1]!.casesNeeded!).toBeLessThan(label.casesNeeded!);
  });

  it('says why when a drop cannot be planned for', () => {
    const within = planRules({ supports, config, flipShare: 0.1, targetDrop: 0.02, targetLabelDrop: 0.1 });
    expect(within[0]!.casesNeeded).toBeNull();
    expect(within[0]!.why).toMatch(/within the allowance/);
    const zero = planRules({ supports: { ...supports, rare: 0 }, config, flipShare: 0.1, targetDrop: 0.03, targetLabelDrop: 0.1 });
    const rare = zero.find((r) => r.label === 'rare')!;
    expect(rare).toMatchObject({ n: 0, casesNeeded: null, minDetectableDrop: 1 });
    expect(rare.why).toMatch(/no labeled case/);
  });

  it('more variants share α: lower levels, larger detectable drops', () => {
    const two = planRules({ supports, config, flipShare: 0.1, targetDrop: 0.03, targetLabelDrop: 0.1, variants: 2 });
    expect(two[0]!.level).toBeCloseTo(0.0125, 15);
    expect(two[0]!.minDetectableDrop).toBeGreaterThan(plan[0]!.minDetectableDrop);
  });
});
