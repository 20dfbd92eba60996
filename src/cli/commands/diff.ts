import { diffReports } from '../../diff/report-diff.ts';
import { DEFAULT_RESAMPLES, DEFAULT_SEED } from '../../metrics/index.ts';
import { UserError } from '../../core/errors.ts';
import { readCheckedReport } from '../../metrics/verify.ts';
import { GITHUB_COMMENT_LIMIT } from '../../render/md-budget.ts';
import { render } from '../../render/registry.ts';
import { FORMATS, oneOf, parse, positiveInt } from '../args.ts';

const HELP = `usage: labelgate diff BASE CANDIDATE [options]

What changed between two reports, per variant (paired by name) on the cases they share: accuracy
and macro-F1 with paired-bootstrap intervals, per-label precision/recall/F1, the confusion-matrix
change, flipped cases (fixed, broken, changed), version, hash, token and cost changes.
  --format markdown|text|json  what to print (default: text)
  --max-chars N          markdown only: the character budget (default: GitHub's 65,536)
  --seed N, --resamples N  the paired bootstrap (defaults: ${DEFAULT_SEED}, ${DEFAULT_RESAMPLES}, as for report metrics)
Exit 0, or 2 on bad input.`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      format: { type: 'string' },
      'max-chars': { type: 'string' },
      seed: { type: 'string' },
      resamples: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    true,
  );
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (positionals.length !== 2) throw new UserError(`diff takes two reports, BASE and CANDIDATE (got ${positionals.length})`);
  const format = oneOf(values.format, FORMATS, '--format', 'text');
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !Number.isInteger(seed)) throw new UserError(`--seed must be a whole number (got "${values.seed}")`);
  const resamples = values.resamples === undefined ? undefined : positiveInt(values.resamples, '--resamples', 1);
  const base = readCheckedReport(positionals[0]!);
  const candidate = readCheckedReport(positionals[1]!);
  const diff = diffReports(base, candidate, { bootstrap: { ...(seed !== undefined && { seed }), ...(resamples !== undefined && { resamples }) } });
  process.stdout.write(render('diff', format, diff, { maxChars: positiveInt(values['max-chars'], '--max-chars', GITHUB_COMMENT_LIMIT) }));
  return 0;
}
