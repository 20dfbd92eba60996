import { GATE_CONFIG_FILE, loadGateConfig } from '../../gate/config.ts';
import { UserError } from '../../core/errors.ts';
import { datasetTexts } from '../case-texts.ts';
import { claimTerminalFromCi } from '../../tui/interactive.ts';
import { buildCompareModel } from '../../tui/model/compare-model.ts';
import { newestReport, openNamedReports, referenceIndex } from '../../tui/load-reports.ts';
import { renderCompare } from '../../tui/compare-renderers.ts';
import { FORMATS, oneOf, parse } from '../args.ts';

const HELP = `usage: labelgate compare [REPORT ...] [options]

Variants side by side: the summary (best value in each row marked, changes against a reference
column, significant ones marked by the gate's test), the confusion grids and the cases where
variants disagree or are wrong. In a terminal this is interactive (press ? for keys); otherwise, or
with --format, it prints the summary and the grids and exits.
  REPORT ...             report files (default: the newest report where eval writes them: reports/,
                         or labelgate.config.yaml's reports)
  --reference COLUMN     the column changes are measured against: a title, a variant name or 1, 2, …
  --format text|markdown|json  print instead of the interactive view
  --gate FILE            the gate config whose α marks significance (default: ${GATE_CONFIG_FILE} if present)
Exit 0, or 2 on bad input.`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { format: { type: 'string' }, reference: { type: 'string' }, gate: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, true);
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const format = values.format === undefined ? undefined : oneOf(values.format, FORMATS, '--format', 'text');
  const files = positionals.length > 0 ? positionals : [newestReport(await projectReportsDir())];
  // The first frame needs the reports' metrics, not their rows: those are read once it is out.
  const reports = openNamedReports(files);
  const alpha = loadGateConfig(values.gate).config.regression.alpha;
  const heads = buildCompareModel(reports.heads, alpha, reports.rowsPending);
  if (heads.columns.length === 0) throw new UserError('the report holds no variant to compare', files[0]);
  const reference = referenceIndex(
    heads.columns.map((c) => c.title),
    heads.columns.map((c) => c.variant.name),
    values.reference,
  );
  const whole = () => buildCompareModel(reports.full(), alpha);
  const interactive = format === undefined && process.stdout.isTTY === true && process.stdin.isTTY === true;
  if (interactive) {
    claimTerminalFromCi();
    const { runTui } = await import('../../tui/run.tsx');
    await runTui(heads, reference, reports.rowsPending ? whole : undefined, datasetTexts(reports.heads));
    return 0;
  }
  const model = reports.rowsPending ? whole() : heads;
  process.stdout.write(renderCompare(format ?? 'text', model, reference));
  return 0;
}

/** Where eval writes reports, by the same rule as every command; loaded only when no report is named. */
async function projectReportsDir(): Promise<string> {
  const [{ loadProjectConfig }, { resolveRunOptions }] = await Promise.all([import('../../run/config.ts'), import('../../run/options.ts')]);
  return resolveRunOptions({}, loadProjectConfig()).reportsDir;
}
