import { UserError } from '../../core/errors.ts';
import { runPullRequest } from '../../pr/flow.ts';
import { loadProjectConfig } from '../../run/config.ts';
import { resolveRunOptions } from '../../run/options.ts';
import { oneOf, parse, RUN_FLAG_OPTIONS, runFlags } from '../args.ts';
import { withRunProgress } from '../progress.ts';

const HELP = `usage: labelgate pr [--base REF] [options]

The pull-request flow, in CI and locally: evaluates the head's variants and those of its merge base
with --base (checked out in a temporary git worktree), applies the gate, diffs the two reports,
appends the verdict and the diff to $GITHUB_STEP_SUMMARY and creates or updates one sticky comment
on the pull request. When no prompt, dataset, provider, source or config file changed since the
merge base, nothing is evaluated (the cheap run). Details: docs/pull-requests.md.
  --base REF            the branch the pull request merges into (default: the event's base commit
                        in GitHub Actions, else origin/HEAD, origin/main or main)
  --head REF            what to evaluate (default: HEAD, meaning the working tree)
  --variants DIR|FILE[,...]  (default: labelgate.config.yaml's, else prompts)
  --dataset FILE        (default: labelgate.config.yaml's, else datasets/docs-assistant.jsonl)
  --map id=SRC,...      read a dataset with other field names as it is
  --split validation|test|all  (default: all)
  --backend offline|openai|replay|module|promptfoo  (default: openai when OPENAI_API_KEY is set, else offline)
  --classifier FILE#EXPORT, --provider ID  for the module and promptfoo backends
  --model NAME, --base-url URL     for the openai backend
  --predictions FILE    recorded predictions for the replay backend
  -j, --concurrency N   parallel requests (default: 4)
  --no-cache            ask the model again instead of reusing cached answers
  --gate-config FILE    gate rules (default: labelgate.gate.yaml if present)
  --out-dir DIR         head.json, base.json, gate.json, comment.md (default: reports/pr)
  --no-comment          never post to the pull request (the step summary is still written)
  --format text|markdown  what to print (default: text)
  --quiet               no progress (bars in a terminal, plain lines in CI otherwise)
  --config FILE         project defaults (default: labelgate.config.yaml if present)
GitHub context comes from the environment: GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_EVENT_PATH,
GITHUB_API_URL, GITHUB_STEP_SUMMARY. Without it the flow runs the same and prints the result.
Exit: the gate's (0 pass, 1 fail; 0 when skipped), 2 on bad input, 3 on an unexpected failure.`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    ...RUN_FLAG_OPTIONS,
    base: { type: 'string' },
    head: { type: 'string' },
    'gate-config': { type: 'string' },
    'out-dir': { type: 'string' },
    'no-comment': { type: 'boolean', default: false },
    format: { type: 'string' },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const format = oneOf(values.format, ['text', 'markdown'] as const, '--format', 'text');
  // The gate judges every case or none: a part of a sharded run is joined by `merge` first.
  if (values.shard !== undefined) throw new UserError('--shard is for eval; pr evaluates every case (run eval --shard, then merge and gate)');
  const flags = runFlags(values);
  const { cacheDir } = resolveRunOptions(flags, loadProjectConfig(values.config));
  const result = await withRunProgress('labelgate pr', values.quiet, (events) =>
    runPullRequest({
      ...(values.base !== undefined && { base: values.base }),
      ...(values.head !== undefined && { head: values.head }),
      run: flags,
      ...(values['gate-config'] !== undefined && { gateConfig: values['gate-config'] }),
      ...(values['out-dir'] !== undefined && { outDir: values['out-dir'] }),
      ...(values.config !== undefined && { config: values.config }),
      comment: !values['no-comment'],
      events,
    }),
    cacheDir,
  );
  if (format === 'markdown') process.stdout.write(result.body);
  else process.stdout.write(await textSummary(result));
  return result.exitCode;
}

async function textSummary(result: Awaited<ReturnType<typeof runPullRequest>>): Promise<string> {
  if (result.skipped || !result.gate) return 'labelgate pr: nothing relevant changed since the merge base; eval skipped (exit 0)\n';
  const { render } = await import('../../render/registry.ts');
  const parts = [render('gate', 'text', result.gate)];
  if (result.diff) parts.push(render('diff', 'text', result.diff));
  parts.push(`reports: ${result.files.join(', ')}\n`);
  return parts.join('\n');
}
