import { checkWritableFile, writeFileAtomic } from '../../core/files.ts';
import { termMessage } from '../../core/text.ts';
import { weakLineJson } from '../../dataset/weak.ts';
import { render } from '../../render/registry.ts';
import { summariseWeak } from '../../render/weak-summary.ts';
import { evaluate } from '../../run/evaluate.ts';
import { weakLines } from '../../run/weak-labels.ts';
import { FORMATS, oneOf, parse, required } from '../args.ts';
import { BACKEND_FLAGS_HELP, checkNotInput, CORPUS_FLAG_OPTIONS, corpusRunOptions } from '../corpus-args.ts';
import { withRunProgress } from '../progress.ts';

/** Every case gets a line: a shard of the input would drop the others, so `label` takes no `--shard`. */
const { shard: _shard, ...LABEL_FLAG_OPTIONS } = CORPUS_FLAG_OPTIONS;

const HELP = `usage: labelgate label --variant FILE[,FILE...] --input UNLABELED.jsonl --out WEAK.jsonl [options]

Proposes labels for unlabeled cases (weak labels) with one or several variants, for a person to
accept or correct with labelgate review. WEAK.jsonl holds one line per input case, in input order:
the case, the proposed label and the variant and backend that proposed it (the first variant, or
the next one when it answered invalid or error), every variant's answer (invalid and error with
their reason), and whether all variants agreed.
  --variant FILE[,FILE...]   the variants, in order of preference (the first one proposes)
  --input FILE               JSONL cases: {"id", "query", "document"?, "metadata"?} (a label is not needed)
  --out FILE                 the weak labels, written whole or not at all
${BACKEND_FLAGS_HELP}
  --format text|markdown|json  the summary printed (default: text)
  --quiet                    print nothing but errors (and no progress)
Answers go to the response cache: a run stopped by Ctrl-C (exit 130, nothing written) resumes
where it stopped. Exit 0 when written; 2 on bad input; 3 on an unexpected failure.`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(argv, { ...LABEL_FLAG_OPTIONS, out: { type: 'string' }, format: { type: 'string' }, quiet: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const format = oneOf(values.format, FORMATS, '--format', 'text');
  const options = corpusRunOptions(values);
  const out = required(values.out, '--out');
  checkNotInput(out, options.dataset, '--out');
  checkWritableFile(out);
  const { report, cases, warnings } = await withRunProgress('labelgate label', values.quiet, (controls) => evaluate(options, controls), options.cacheDir);
  for (const w of warnings) console.error(`warning: ${termMessage(w)}`);
  const lines = weakLines(cases, report);
  writeFileAtomic(out, `${lines.map(weakLineJson).join('\n')}\n`);
  if (!values.quiet) process.stdout.write(render('weak', format, summariseWeak(lines, out)));
  return 0;
}
