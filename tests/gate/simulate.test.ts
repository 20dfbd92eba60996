import { describe, expect, it } from 'vitest';
import { gateConfig } from '../../src/gate/config.ts';
import { blockRates, gateScenarios, goldLabels, labelgatePolicy, REPOSITORY_MIX, samplingError, simulatePullRequest, statedMde } from '../../src/gate/simulate.ts';
import { mulberry32 } from '../../src/metrics/random.ts';

/**
 * The gate's promise, checked on simulated pull requests run through the real `evaluateGate` with
 * the repository's label mix: unchanged changes are blocked at most α of the time, and a true drop
 * at the stated minimum detectable drop is caught with at least the configured power.
 *
 * Replicates are chosen for run time; the bounds allow for their sampling error. Each null rate is
 * estimated from 300 pull requests (binomial error at 5%: √(0.05·0.95/300) = 1.26 points), so it
 * must be below α + 3 errors = 8.8%; the four pooled (1,200) below α + 3·0.63 = 6.9%, which the
 * uncorrected gate (one test per rule at α: 4–12% per row, 7.6% pooled) does not meet. Each power
 * is estimated from 150 (error at 80%: 3.3 points) and must exceed 80% − 3 errors = 70.2%; the
 * pooled ones (≥ 600) 80% − 3·1.6 = 75.1%. The bootstrap interval only ever turns a fail into a
 * pass and runs with 100 resamples here to keep the test fast. (`npm run simulate:gate` runs 2,000
 * per scenario.)
 */
const config = gateConfig({ regression: { bootstrap: { resamples: 100 } } });
const gate = [labelgatePolicy('labelgate', config)];
const scenarios = gateScenarios(config);

describe('the gate on simulated pull requests', () => {
  it('simulates the label mix and the paired outcomes it is given', () => {
    expect(goldLabels(285, REPOSITORY_MIX).filter((g) => g === 'other')).toHaveLength(143);
    const rng = mulberry32(3);
    let broken = 0;
    let fixed = 0;
    let n = 0;
    for (let r = 0; r < 20; r++) {
      const { base, candidate } = simulatePullRequest({ n: 1000, mix: REPOSITORY_MIX, baseAccuracy: 0.8, flipShare: 0.1, drop: 0.05 }, rng);
      const b = base.variants[0]!.cases;
      const c = candidate.variants[0]!.cases;
      b.forEach((row, i) => {
        const right = (x: { gold: string | null; prediction: string }): boolean => x.prediction === x.gold;
        if (right(row) && !right(c[i]!)) broken++;
        if (!right(row) && right(c[i]!)) fixed++;
        n++;
      });
    }
    // Expected shares f/2 + δ = 0.10 and f/2 = 0.05, over 20,000 cases (errors ≈ 0.2 and 0.15 points).
    expect(broken / n).toBeCloseTo(0.1, 2);
    expect(fixed / n).toBeCloseTo(0.05, 2);
  });

  it('blocks unchanged pull requests at most α of the time (f = 8% and 15%, n = 285 and 1000)', () => {
    const nulls = scenarios.filter((s) => s.kind === 'null' && !s.name.includes('support 12'));
    expect(nulls).toHaveLength(4);
    const R = 300;
    const rates = nulls.map((s, i) => blockRates(s.spec, gate, R, 100 + i)[0]!);
    for (const rate of rates) expect(rate).toBeLessThanOrEqual(0.05 + 3 * samplingError(0.05, R));
    const pooled = rates.reduce((a, b) => a + b, 0) / rates.length;
    expect(pooled).toBeLessThanOrEqual(0.05 + 3 * samplingError(0.05, R * rates.length));
  });

  it('catches a true drop at the stated minimum detectable drop with the configured power', () => {
    const drops = scenarios.filter((s) => s.kind === 'power' && (s.spec.n === 285 || s.spec.flipShare === 0.15));
    expect(drops.length).toBeGreaterThanOrEqual(4);
    const R = 150;
    const rates = drops.map((s, i) => blockRates(s.spec, gate, R, 200 + i)[0]!);
    for (const rate of rates) expect(rate).toBeGreaterThanOrEqual(0.8 - 3 * samplingError(0.8, R));
    const pooled = rates.reduce((a, b) => a + b, 0) / rates.length;
    expect(pooled).toBeGreaterThanOrEqual(0.8 - 3 * samplingError(0.8, R * rates.length));
  });

  it('the stated MDE is never below the allowance, and a label has a larger one than accuracy', () => {
    const spec = { n: 1000, mix: REPOSITORY_MIX, baseAccuracy: 0.8, flipShare: 0.02 };
    expect(statedMde(spec, config)).toBeGreaterThan(0.02);
    expect(statedMde(spec, config, 'artifact')).toBeGreaterThan(statedMde(spec, config));
  });
});
