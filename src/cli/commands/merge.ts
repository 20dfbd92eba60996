import { UserError } from '../../core/errors.ts';
import { checkWritableFile } from '../../core/files.ts';
import { readCheckedReport } from '../../metrics/verify.ts';
import { isApplyReportFile, readApplyReport, writeApplyReport } from '../../report/apply-io.ts';
import { writeReport } from '../../report/io.ts';
import { render } from '../../render/registry.ts';
import { mergeApplyShards } from '../../run/apply-merge.ts';
import { mergeShards } from '../../run/merge.ts';
import { FORMATS, oneOf, parse, required } from '../args.ts';

const HELP = `usage: labelgate merge SHARD.json... --out REPORT [options]

Joins the reports of a sharded run (eval --shard i/n or apply --shard i/n, one per shard) into the
report of the whole run: the rows in the order an unsharded run gives them and every metric (for
apply, the label distribution) recomputed from them.
Refuses shards of different datasets, splits, variants or shard counts, an index given twice or
missing, and a case in two shards.
  --out FILE             where to write the joined report
  --format text|markdown|json  what to print (default: text)
  --quiet                print nothing but errors
Exit 0, or 2 on bad input (naming the file).`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { out: { type: 'string' }, format: { type: 'string' }, quiet: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
    true,
  );
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const format = oneOf(values.format, FORMATS, '--format', 'text');
  const out = required(values.out, '--out');
  if (positionals.length === 0) throw new UserError('merge takes the shard reports to join (eval --shard i/n writes them)');
  checkWritableFile(out);
  if (isApplyReportFile(positionals[0]!)) {
    const report = mergeApplyShards(positionals.map((file) => ({ file, report: readApplyReport(file) })));
    writeApplyReport(out, report);
    if (values.quiet) return 0;
    process.stdout.write(render('apply', format, { report }, { width: process.stdout.columns || 80 }));
    if (format === 'text') process.stdout.write(`\nreport: ${out}\n`);
    return 0;
  }
  const shards = positionals.map((file) => ({ file, report: readCheckedReport(file) }));
  const report = mergeShards(shards);
  writeReport(out, report);
  if (values.quiet) return 0;
  process.stdout.write(render('report', format, report));
  if (format === 'text') process.stdout.write(`\nreport: ${out}\n`);
  return 0;
}
