import { writeFileAtomic } from '../../core/files.ts';
import { loadGateConfig } from '../../gate/config.ts';
import { render } from '../../render/registry.ts';
import { UserError } from '../../core/errors.ts';
import { renderCompare } from '../../tui/compare-renderers.ts';
import { buildCompareModel } from '../../tui/model/compare-model.ts';
import { loadNamedReports, referenceIndex } from '../../tui/load-reports.ts';
import { FORMATS, oneOf, parse } from '../args.ts';

const HELP = `usage: labelgate report REPORT [REPORT ...] [options]

Prints a report, or with --html writes the comparison views (summary, per-label bars, confusion
heatmaps, a filterable table of disagreements) as one self-contained HTML page.
  --html FILE            write the page to FILE (no network needed to view it)
  --reference COLUMN     the column changes are measured against (a title, a variant name or 1, 2, …)
  --format text|markdown|json  what to print without --html (default: text; one report only)
  --gate FILE            the gate config whose α marks significance (default: labelgate.gate.yaml if present)
Exit 0, or 2 on bad input.`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { html: { type: 'string' }, format: { type: 'string' }, reference: { type: 'string' }, gate: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, true);
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (positionals.length === 0) throw new UserError('report takes at least one REPORT file');
  const reports = loadNamedReports(positionals);
  if (values.html === undefined) {
    if (reports.length !== 1) throw new UserError('without --html, report prints one report (use compare for several)');
    const format = oneOf(values.format, FORMATS, '--format', 'text');
    process.stdout.write(render('report', format, reports[0]!.report));
    return 0;
  }
  const model = buildCompareModel(reports, loadGateConfig(values.gate).config.regression.alpha);
  const reference = referenceIndex(
    model.columns.map((c) => c.title),
    model.columns.map((c) => c.variant.name),
    values.reference,
  );
  writeFileAtomic(values.html, renderCompare('html', model, reference));
  console.log(`wrote ${values.html}`);
  return 0;
}
