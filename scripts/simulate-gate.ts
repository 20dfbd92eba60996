/**
 * Block rates of labelgate's gate beside the naive gates teams use today, on simulated pull
 * requests with a known true effect (src/gate/simulate.ts). Rerun with `npm run simulate:gate`
 * (`-- --replicates N --seed S`); the table in docs/gate.md comes from here.
 */
import { gateConfig } from '../src/gate/config.ts';
import { loadGateConfig } from '../src/gate/config.ts';
import { accuracyDropPolicy, blockRates, gateScenarios, labelgatePolicy, samplingError, strictPolicy } from '../src/gate/simulate.ts';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value <= 0) {
    console.error(`simulate-gate: --${name} needs a whole number > 0`);
    process.exit(2);
  }
  return value;
}

const replicates = option('replicates', 2000);
const seed = option('seed', 1);
// The repository's gate; the bootstrap interval (which can only turn a fail into a pass) with 200
// resamples instead of 2,000 so that the run takes minutes, not an hour.
const loaded = loadGateConfig().config;
const config = gateConfig({ ...loaded, regression: { ...loaded.regression, bootstrap: { ...loaded.regression.bootstrap, resamples: 200 } } });
const policies = [
  labelgatePolicy('labelgate', config),
  strictPolicy('labelgate, inconclusive: fail', config),
  accuracyDropPolicy('accuracy drops > 2 points', 0.02),
  accuracyDropPolicy('any accuracy drop', 0),
];

const started = Date.now();
const rows: string[] = [];
gateScenarios(config).forEach((s, i) => {
  const rates = blockRates(s.spec, policies, replicates, seed + i);
  const bound = s.kind === 'null' ? `≤ ${config.regression.alpha * 100}%` : `≥ ${config.regression.power * 100}%`;
  rows.push(`| ${s.name} | ${bound} | ${rates.map((r) => `${(r * 100).toFixed(1)}%`).join(' | ')} |`);
});
const error = samplingError(0.05, replicates) * 100;
console.log(`Block rates of simulated pull requests, ${replicates} per row (seed ${seed}); mix ${'50% other, 3 labels × 16.7%'}, baseline accuracy 80%.`);
console.log(`Sampling error: ±${error.toFixed(1)} points at 5%, ±${(samplingError(0.8, replicates) * 100).toFixed(1)} at 80% (one standard error).`);
console.log('');
console.log(`| pull request | labelgate's promise | ${policies.map((p) => p.name).join(' | ')} |`);
console.log(`|---|---|${policies.map(() => '---:').join('|')}|`);
for (const row of rows) console.log(row);
console.error(`(${((Date.now() - started) / 1000).toFixed(0)} s)`);
