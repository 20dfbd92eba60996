import { UserError } from '../../core/errors.ts';
import { checkConfigLabels, GATE_CONFIG_FILE, loadGateConfig } from '../../gate/config.ts';
import { evaluateGate } from '../../gate/verdict.ts';
import type { Report } from '../../report/schema.ts';
import { readCheckedReport } from '../../metrics/verify.ts';
import { render } from '../../render/registry.ts';
import { FORMATS, oneOf, parse, required } from '../args.ts';

const HELP = `usage: labelgate gate --candidate REPORT [--baseline REPORT] [options]

Applies the gate's rules to a report and, against a baseline, the regression test on the paired
cases (McNemar's exact test, bootstrap intervals). Rules and defaults: docs/gate.md.
  --candidate FILE       the report to judge
  --baseline FILE        the report to compare with (variants paired by name, cases by id)
  --config FILE          gate rules (default: ${GATE_CONFIG_FILE} if present, else built-in defaults)
  --variant NAME[,NAME]  judge only these variants (overrides the config's "variants")
  --format text|markdown|json  what to print (default: text)
Exit 0 pass, 1 fail, 2 bad input (unreadable report, schema mismatch, unknown rule), 3 unexpected failure.`;

/** A gate never passes on results it does not have: one shard of a run is not judged on its own. */
function wholeRun(report: Report, file: string): Report {
  const shard = report.dataset.shard;
  if (shard) throw new UserError(`this is shard ${shard.index}/${shard.count} of a run: join the shards with labelgate merge, then gate the merged report`, file);
  return report;
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    candidate: { type: 'string' },
    baseline: { type: 'string' },
    config: { type: 'string' },
    variant: { type: 'string' },
    format: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const format = oneOf(values.format, FORMATS, '--format', 'text');
  const loaded = loadGateConfig(values.config);
  const candidatePath = required(values.candidate, '--candidate');
  const candidate = wholeRun(readCheckedReport(candidatePath), candidatePath);
  const baseline = values.baseline === undefined ? undefined : wholeRun(readCheckedReport(values.baseline), values.baseline);
  const config = { ...loaded.config };
  if (values.variant !== undefined) {
    const names = values.variant.split(',').map((s) => s.trim()).filter(Boolean);
    if (names.length > 0) config.variants = names;
  }
  const judged = candidate.variants.filter((v) => config.variants === undefined || config.variants.includes(v.name));
  checkConfigLabels(loaded, new Set(judged.flatMap((v) => v.labels)));
  const result = evaluateGate(candidate, baseline, config);
  process.stdout.write(render('gate', format, result));
  return result.verdict === 'pass' ? 0 : 1;
}
