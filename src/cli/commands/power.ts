import { existsSync, statSync } from 'node:fs';
import { loadDataset, parseFieldMap, selectSplit } from '../../dataset/load.ts';
import { SPLITS } from '../../dataset/split.ts';
import { UserError } from '../../core/errors.ts';
import { GATE_CONFIG_FILE, loadGateConfig } from '../../gate/config.ts';
import { measuredFlipRate, planRules, type MeasuredFlipRate } from '../../gate/planning.ts';
import { readReport } from '../../report/io.ts';
import type { Report } from '../../report/schema.ts';
import type { PowerReport } from '../../render/power.ts';
import { render } from '../../render/registry.ts';
import { FORMATS, oneOf, parse } from '../args.ts';

/** Used when nothing says how much an unchanged change flips: a middling value, and the output says so. */
export const DEFAULT_FLIP_RATE = 0.1;

const HELP = `usage: labelgate power (--dataset FILE [--map SPEC] [--split S] | --report FILE) [options]

What each regression rule of the gate can detect with the labeled cases you have, and how many
labeled cases it would need to detect a chosen drop (same label mix). Exact power of the gate's own
decision (McNemar's exact test, allowance, multiplicity correction): docs/gate.md.
  --dataset FILE             the gold set (JSONL); --map FIELD=SOURCE,… renames fields
  --split validation|test|all  the split the gate will run on (default: all)
  --report FILE              or: a report, whose gold labels give the mix (and, made by
                             eval --repeat K, the flip rate)
  --config FILE              gate rules (default: ${GATE_CONFIG_FILE} if present, else built-in defaults)
  --flip-rate F|REPORT       share of cases that flip between two runs of an unchanged change,
                             or a report of eval --repeat K that measured it (default: the
                             --report's measured rate, else ${DEFAULT_FLIP_RATE})
  --target-drop D            accuracy drop to plan for (default 0.03)
  --target-label-drop D      per-label recall drop to plan for (default 0.10)
  --format text|markdown|json  what to print (default: text)
Exit 0, 2 bad input.`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    dataset: { type: 'string' },
    map: { type: 'string' },
    split: { type: 'string' },
    report: { type: 'string' },
    config: { type: 'string' },
    'flip-rate': { type: 'string' },
    'target-drop': { type: 'string' },
    'target-label-drop': { type: 'string' },
    format: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const format = oneOf(values.format, FORMATS, '--format', 'text');
  if ((values.dataset === undefined) === (values.report === undefined)) throw new UserError('give either --dataset or --report');
  const given = values['flip-rate'];
  // A fraction, or a report of `eval --repeat` that measured one.
  const fromFile = given !== undefined && existsSync(given) && statSync(given).isFile() ? measuredIn(readReport(given), given) : undefined;
  const givenRate = fromFile ? undefined : rate(given, '--flip-rate', DEFAULT_FLIP_RATE, true);
  const targetDrop = rate(values['target-drop'], '--target-drop', 0.03, false);
  const targetLabelDrop = rate(values['target-label-drop'], '--target-label-drop', 0.1, false);
  const { config } = loadGateConfig(values.config);

  const supports: Record<string, number> = {};
  let source: string;
  let variants = config.variants?.length ?? 1;
  let measured: (MeasuredFlipRate & { file: string }) | undefined = fromFile;
  if (values.report !== undefined) {
    const report = readReport(values.report);
    source = values.report;
    if (given === undefined) {
      const m = measuredFlipRate(report);
      if (m) measured = { ...m, file: values.report };
    }
    for (const label of report.dataset.labels) supports[label] = 0;
    const gold = new Map<string, string>();
    for (const v of report.variants) for (const c of v.cases) if (c.gold !== null && !gold.has(c.id)) gold.set(c.id, c.gold);
    for (const g of gold.values()) supports[g] = (supports[g] ?? 0) + 1;
    if (config.variants === undefined) variants = Math.max(1, report.variants.length);
  } else {
    const split = oneOf(values.split, SPLITS, '--split', 'all');
    const dataset = loadDataset(values.dataset!, parseFieldMap(values.map));
    source = `${values.dataset} (split ${split})`;
    for (const c of selectSplit(dataset, split)) if (c.label !== undefined) supports[c.label] = (supports[c.label] ?? 0) + 1;
  }
  const labeled = Object.values(supports).reduce((a, b) => a + b, 0);
  if (labeled === 0) throw new UserError('no labeled cases: nothing to plan from', values.report ?? values.dataset);

  const flip = measured?.flipShare ?? givenRate ?? DEFAULT_FLIP_RATE;
  const assumed = given === undefined && measured === undefined;
  const notes: string[] = [];
  if (assumed) {
    notes.push(
      `flip rate not measured: ${DEFAULT_FLIP_RATE * 100}% assumed. Measure it with labelgate eval --repeat 5 (the share of cases whose correctness differs between two runs of an unchanged change) and pass that report to --flip-rate.`,
    );
  }
  if (measured) {
    const others = measured.measured > 1 ? `, the largest of ${measured.measured} variants` : '';
    notes.push(`flip rate measured by eval --repeat ${measured.runs} in ${measured.file}: variant ${measured.variant}, ${measured.cases} labeled cases${others}.`);
  }
  if (variants > 1) notes.push(`${variants} variants are compared in one gate run and share α: each rule's level is smaller than with one.`);
  const result: PowerReport = {
    source,
    labeledCases: labeled,
    flipShare: flip,
    flipAssumed: assumed,
    ...(measured && { flipMeasuredIn: measured.file }),
    alpha: config.regression.alpha,
    power: config.regression.power,
    variants,
    rules: planRules({ supports, config, flipShare: flip, targetDrop, targetLabelDrop, variants }),
    notes,
  };
  process.stdout.write(render('power', format, result));
  return 0;
}

function rate(value: string | undefined, flag: string, fallback: number, zeroAllowed: boolean): number {
  if (value === undefined) return fallback;
  const x = Number(value);
  if (value.trim() === '' || !Number.isFinite(x) || x >= 1 || x < 0 || (!zeroAllowed && x === 0)) {
    const orReport = flag === '--flip-rate' ? ', or a report of labelgate eval --repeat K' : '';
    throw new UserError(`${flag} must be a fraction ${zeroAllowed ? '0 ≤ x' : '0 < x'} < 1, e.g. 0.03 for 3 points${orReport} (got "${value}")`);
  }
  return x;
}

/** The flip rate a report measured; a report without one is the user's to fix. */
function measuredIn(report: Report, file: string): MeasuredFlipRate & { file: string } {
  const m = measuredFlipRate(report);
  if (!m) throw new UserError('this report measured no flip rate: make it with labelgate eval --repeat K (K ≥ 2) on labeled cases, or give --flip-rate a fraction', file);
  return { ...m, file };
}
