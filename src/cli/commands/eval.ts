import path from 'node:path';
import { EXIT_PENDING, PendingError, UserError } from '../../core/errors.ts';
import { checkWritableFile } from '../../core/files.ts';
import { termMessage } from '../../core/text.ts';
import { writeReport } from '../../report/io.ts';
import { render } from '../../render/registry.ts';
import { loadProjectConfig } from '../../run/config.ts';
import { evaluate } from '../../run/evaluate.ts';
import { resolveRunOptions } from '../../run/options.ts';
import { FORMATS, oneOf, parse, positiveInt, RUN_FLAG_OPTIONS, runFlags } from '../args.ts';
import { withRunProgress } from '../progress.ts';

const HELP = `usage: labelgate eval [options]

Evaluates prompt variants on a dataset through promptfoo and writes a report.
  --variants DIR|FILE[,...]  variant files or folders (default: prompts)
  --dataset FILE             labeled JSONL dataset (default: datasets/docs-assistant.jsonl)
  --map id=SRC,document=SRC  use a dataset with other field names as it is
  --split validation|test|all  the deterministic 70/30 split by case id (default: all)
  --backend offline|openai|replay|module|promptfoo
                             (default: offline, no network; module with --classifier,
                             promptfoo with --provider)
  --classifier FILE#EXPORT   your own classifier code for the module backend
                             (e.g. ./src/router.ts#classify)
  --provider ID              a promptfoo provider id for the promptfoo backend
                             (e.g. anthropic:messages:claude-sonnet-4-5, ollama:chat:llama3)
  --model NAME               model for the openai backend (default: gpt-4.1-mini)
  --base-url URL             any OpenAI-compatible server (or OPENAI_BASE_URL)
  --predictions FILE         recorded predictions for the replay backend
  -j, --concurrency N        parallel requests at most; fewer while the server rate-limits (default: 4)
  --max-input-chars N        cases with more characters of query + document are invalid, not sent
                             (default: 100000, about 25k tokens)
  --shard I/N                evaluate only the I-th of N parts of the cases (by case id), for
                             parallel jobs; join the reports with labelgate merge
  --repeat K                 run every case K times (independent calls, each cached on its own):
                             agreement, flaky cases, majority vote and the flip rate that
                             labelgate power plans with (docs/repeats.md)
  --batch                    with --backend openai: ask through the OpenAI Batch API (one request
                             file, uploaded, polled until done; answers land in the response cache;
                             a rerun resumes the recorded batch) — docs/backends/openai.md
  --batch-wait SECONDS       how long to wait for the batch (default: 86400, its 24 h window); when
                             it runs out, exit 75 and no report: the same command resumes it
  --out FILE                 report path (default: <reports>/eval-<time>.json; labelgate.config.yaml's
                             "reports", else reports)
  --format text|markdown|json  what to print (default: text)
  --no-cache                 ask the model again instead of reusing cached answers (labelgate.config.yaml's
                             "cache", else .labelgate/cache)
  --config FILE              project defaults (default: labelgate.config.yaml if present)
  --quiet                    print nothing but errors (and no progress)
Progress goes to stderr: a bar per variant in a terminal, a plain line every 10 s per variant in CI
or a pipe. Ctrl-C stops the run (exit 130) without writing a report; cached answers are kept.
Exit 0 on a completed run, whatever the accuracy; 2 on bad input; 3 on an unexpected failure;
75 when a batch is not finished within --batch-wait.`;

const stamp = () => new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    ...RUN_FLAG_OPTIONS,
    out: { type: 'string' },
    batch: { type: 'boolean', default: false },
    'batch-wait': { type: 'string' },
    format: { type: 'string' },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const format = oneOf(values.format, FORMATS, '--format', 'text');
  const waitS = positiveInt(values['batch-wait'], '--batch-wait');
  if (waitS !== undefined && !values.batch) throw new UserError('--batch-wait goes with --batch');
  const options = {
    ...resolveRunOptions(runFlags(values), loadProjectConfig(values.config)),
    ...(values.batch && { batch: { ...(waitS !== undefined && { waitMs: waitS * 1000 }) } }),
  };
  const out = values.out ?? path.join(options.reportsDir, `eval-${stamp()}.json`);
  // A report path that cannot be written is found now, not after the whole eval.
  checkWritableFile(out);
  const notice = (line: string) => process.stderr.write(`labelgate eval: ${termMessage(line)}\n`);
  let evaluation;
  try {
    evaluation = await withRunProgress('labelgate eval', values.quiet, (controls) => evaluate(options, { ...controls, ...(!values.quiet && { notice }) }), options.cacheDir);
  } catch (e) {
    if (!(e instanceof PendingError)) throw e;
    console.error(`labelgate eval: ${termMessage(e.message)}`);
    return EXIT_PENDING;
  }
  const { report, warnings } = evaluation;
  for (const w of warnings) console.error(`warning: ${termMessage(w)}`);
  writeReport(out, report);
  if (values.quiet) return 0;
  process.stdout.write(render('report', format, report));
  if (format === 'text') process.stdout.write(`\nreport: ${out}\n`);
  return 0;
}
