import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { UserError } from '../../core/errors.ts';
import { checkWritableFile } from '../../core/files.ts';
import { isOutcome, reservedReason } from '../../core/outcome.ts';
import { appendSkipped, GoldFile, readGold, readSkipped, removeSkipped, skippedFile } from '../../dataset/gold.ts';
import { loadWeakLabels, type WeakCase } from '../../dataset/weak.ts';
import { parseLabelList } from '../../run/score.ts';
import { claimTerminalFromCi } from '../../tui/interactive.ts';
import { initialReviewState, ORDERS, type Effect } from '../../tui/review/state.ts';
import { reviewSummary } from '../../tui/review/summary.ts';
import { loadVariants } from '../../variant/load.ts';
import { labelNames } from '../../variant/schema.ts';
import { oneOf, parse, required } from '../args.ts';

const HELP = `usage: labelgate review --input WEAK.jsonl --out GOLD.jsonl [options]

Review weak labels in the terminal, one case per screen: accept the proposed label (a), reject it
and press the right label's number (x), skip (space), take back the last decision (backspace), flag
for discussion (f). Every decision is written to the gold file at once and flushed to disk, so an
interrupted session loses nothing; run the same command to go on where it stopped.
  --input FILE          weak labels, as \`labelgate label\` writes them
  --out FILE            the gold file: an ordinary dataset (eval, score, gate and power read it),
                        with how each label was decided in metadata.review; flagged cases have no label
  --labels a,b,c        the label set and its numbers (default: the labels the variants gave)
  --variant FILE        take the label set from this variant
  --reviewer NAME       who decides (default: git config user.name)
  --order disagree-first|input  cases whose variants disagree first (default), or file order
It needs a terminal. Exit 0, or 2 on bad input.`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    input: { type: 'string' },
    out: { type: 'string' },
    labels: { type: 'string' },
    variant: { type: 'string' },
    reviewer: { type: 'string' },
    order: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const input = required(values.input, '--input');
  const out = required(values.out, '--out');
  const order = oneOf(values.order, ORDERS, '--order', 'disagree-first');
  if (path.resolve(input) === path.resolve(out)) throw new UserError('--out must be another file than --input: the gold file is written while the weak labels are read');
  checkWritableFile(out);

  const cases = loadWeakLabels(input).lines;
  const { labels, notice } = labelSet(values.labels, values.variant, cases, input);
  checkProposals(cases, labels, input);
  const decided = readGold(out, labels);
  const reviewer = values.reviewer ?? gitUserName();
  if (reviewer.trim() === '') throw new UserError('--reviewer must not be empty');
  if (process.stdin.isTTY !== true || process.stdout.isTTY !== true) {
    throw new UserError('review is interactive: run it in a terminal (its input and output must not be redirected)');
  }

  const gold = new GoldFile(out, decided.map((d) => d.id));
  const skips = skippedFile(out);
  const onEffect = (effect: Effect) => {
    if (effect.type === 'append') gold.append(cases[effect.index]!, effect.decision, reviewer);
    else if (effect.type === 'remove') gold.remove(effect.id);
    else appendSkipped(skips, effect.id);
  };
  const initial = initialReviewState({ cases, order, decided, skippedBefore: readSkipped(skips), size: { columns: 80, rows: 24 }, now: Date.now(), ...(notice && { notice }) });
  claimTerminalFromCi();
  const { runReview } = await import('../../tui/review/run.tsx');
  const final = await runReview({ cases, labels, initial, files: `${path.basename(input)} → ${path.basename(out)}`, onEffect });
  if (final.queue.length === 0) removeSkipped(skips);
  process.stdout.write(reviewSummary(final, { cases, labels }, out, Date.now()));
  return 0;
}

/**
 * The labels the reviewer picks from, numbered in this order: `--labels`, or a variant's, or else
 * every label a variant gave, sorted (a label no variant gave then cannot be picked, which the
 * screen's first notice says).
 */
export function labelSet(spec: string | undefined, variant: string | undefined, cases: readonly WeakCase[], input: string): { labels: string[]; notice?: string } {
  if (spec !== undefined && variant !== undefined) throw new UserError('give the label set once: --labels or --variant, not both');
  if (spec !== undefined) return { labels: parseLabelList(spec) };
  if (variant !== undefined) {
    const variants = loadVariants([variant]);
    const labels = labelNames(variants[0]!);
    const other = variants.find((v) => labelNames(v).join(',') !== labels.join(','));
    if (other) throw new UserError(`the variants under ${variant} have different label sets (${labels.join(', ')} / ${labelNames(other).join(', ')}): name one variant file`, other.path);
    return { labels };
  }
  const seen = new Set<string>();
  for (const c of cases) {
    for (const label of [c.proposal?.label, ...c.opinions.map((o) => o.label)]) {
      if (label !== undefined && !isOutcome(label) && reservedReason(label) === undefined) seen.add(label);
    }
  }
  // Sorted, so the numbers do not depend on which case happens to come first.
  const labels = [...seen].sort();
  if (labels.length < 2) {
    throw new UserError(
      `the variants gave ${labels.length === 0 ? 'no label' : `only one label (${labels[0]})`}, too few to review against: give the label set with --labels a,b,c or --variant FILE`,
      input,
    );
  }
  return { labels, notice: `labels are the ones the variants gave (${labels.join(', ')}); --labels or --variant sets them` };
}

/** Every proposal must be one of the labels: kappa compares the reviewer's label with it. */
function checkProposals(cases: readonly WeakCase[], labels: readonly string[], input: string): void {
  const allowed = new Set(labels);
  for (const c of cases) {
    const label = c.proposal?.label;
    if (label === undefined || allowed.has(label)) continue;
    const why = isOutcome(label) ? `"${label}" is not a label: a case without a label to propose has "proposal": null` : `label "${label}" is not in the label set (${labels.join(', ')})`;
    throw new UserError(`proposal: ${why}`, input, c.line);
  }
}

function gitUserName(): string {
  const result = spawnSync('git', ['config', 'user.name'], { encoding: 'utf8' });
  const name = result.status === 0 ? result.stdout.trim() : '';
  if (name === '') throw new UserError('who is reviewing? give --reviewer NAME (git config user.name is not set)');
  return name;
}
