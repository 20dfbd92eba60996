import path from 'node:path';
import { UserError } from '../../core/errors.ts';
import { checkWritableFile } from '../../core/files.ts';
import { termMessage } from '../../core/text.ts';
import { compareDistributions, DEFAULT_DRIFT_ALPHA } from '../../metrics/drift.ts';
import { readApplyReport, writeApplyReport } from '../../report/apply-io.ts';
import type { ApplyView } from '../../render/apply-view.ts';
import { FORMATS, render } from '../../render/registry.ts';
import { applyReportFrom } from '../../run/apply-report.ts';
import { evaluate } from '../../run/evaluate.ts';
import { renderApplyPage } from '../../tui/html/apply-page.ts';
import { resolveVariantPaths } from '../../variant/load.ts';
import { oneOf, parse } from '../args.ts';
import { BACKEND_FLAGS_HELP, checkNotInput, CORPUS_FLAG_OPTIONS, corpusRunOptions } from '../corpus-args.ts';
import { withRunProgress } from '../progress.ts';

const APPLY_FORMATS = [...FORMATS, 'html'] as const;

const HELP = `usage: labelgate apply --variant FILE --input CORPUS.jsonl [options]

Classifies a whole corpus with one variant and reports where it goes: per label the count and the
share with its Wilson 95% interval, invalid and error as rows of their own, and a bar chart. The
apply report (--out) records the variant, its prompt hash, the backend, the corpus hash and every
case's prediction, so a later run can be compared with it.
  --variant FILE             the variant
  --input FILE               JSONL cases: {"id", "query", "document"?, "metadata"?} (a gold label
                             may be there, one of the variant's labels, and is not used)
  --out FILE                 the apply report (default: <reports>/apply-<time>.json)
  --compare EARLIER.json     drift from an earlier apply report: per label the change in share with
                             Newcombe's interval, a chi-square test of homogeneity, the population
                             stability index, and on the cases both hold, how many changed label
  --alpha A                  significance level of the drift test (default: ${DEFAULT_DRIFT_ALPHA})
  --shard I/N                classify only the I-th of N parts of the cases (by case id)
${BACKEND_FLAGS_HELP}
  --format text|markdown|json|html  what to print (default: text; html is one self-contained page)
  --quiet                    print nothing but errors (and no progress)
Exit 0 when the report is written, whether or not drift is flagged; 2 on bad input; 3 on an
unexpected failure. Ctrl-C stops the run (exit 130) without writing a report; cached answers are kept.`;

const stamp = () => new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);

function parseAlpha(value: string | undefined): number {
  if (value === undefined) return DEFAULT_DRIFT_ALPHA;
  const a = Number(value);
  if (!(a > 0 && a < 1)) throw new UserError(`--alpha must be a number between 0 and 1, e.g. 0.05 (got "${value}")`);
  return a;
}

/** The columns the bars may fill: the terminal's, else $COLUMNS, else 80. */
function outputWidth(): number {
  if (process.stdout.isTTY && process.stdout.columns > 0) return process.stdout.columns;
  const env = Number(process.env.COLUMNS);
  return Number.isInteger(env) && env > 0 ? env : 80;
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    ...CORPUS_FLAG_OPTIONS,
    out: { type: 'string' },
    compare: { type: 'string' },
    alpha: { type: 'string' },
    format: { type: 'string' },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const format = oneOf(values.format, APPLY_FORMATS, '--format', 'text');
  const alpha = parseAlpha(values.alpha);
  const options = corpusRunOptions(values);
  const variants = resolveVariantPaths(options.variants);
  if (variants.length !== 1) throw new UserError(`apply classifies with one variant (got ${variants.length}: ${variants.join(', ')}); compare variants with eval, or their apply reports with --compare`);
  // Bad input is found before the corpus is classified, not after.
  const earlier = values.compare === undefined ? undefined : readApplyReport(values.compare);
  const out = values.out ?? path.join(options.reportsDir, `apply-${stamp()}.json`);
  checkNotInput(out, options.dataset, '--out');
  if (values.compare !== undefined && path.resolve(out) === path.resolve(values.compare)) throw new UserError('--out is the --compare report: give another path (the earlier report is kept)', out);
  checkWritableFile(out);

  const evaluation = await withRunProgress('labelgate apply', values.quiet, (controls) => evaluate(options, controls), options.cacheDir);
  for (const w of evaluation.warnings) console.error(`warning: ${termMessage(w)}`);
  const report = applyReportFrom(evaluation.report);
  writeApplyReport(out, report);
  if (values.quiet) return 0;
  const view: ApplyView = { report, ...(earlier && values.compare !== undefined && { compared: { file: values.compare, earlier, drift: compareDistributions(earlier, report, alpha) } }) };
  if (format === 'html') process.stdout.write(renderApplyPage(view));
  else process.stdout.write(render('apply', format, view, { width: outputWidth() }));
  if (format === 'text') process.stdout.write(`\nreport: ${termMessage(out)}\n`);
  return 0;
}
