import { isUserError } from '../core/errors.ts';
import { termMessage } from '../core/text.ts';

/** A command takes its arguments and returns the process's exit code. */
export type Command = (argv: string[]) => Promise<number>;

/** Exit codes, the same for every command: CI tells a regression from bad input from a bug. */
export const EXIT = { ok: 0, gateFailed: 1, badInput: 2, unexpected: 3 } as const;

export type CommandTable = Record<string, { summary: string; load: () => Promise<Command> }>;

/** Commands load lazily, so the ones that only read reports never import promptfoo. */
const COMMANDS: CommandTable = {
  eval: { summary: 'evaluate prompt variants on a dataset through promptfoo and write a report', load: async () => (await import('./commands/eval.ts')).run },
  score: { summary: 'build a report from recorded predictions, no model', load: async () => (await import('./commands/score.ts')).run },
  gate: { summary: 'apply the merge gate to a report (exit 0 pass, 1 fail)', load: async () => (await import('./commands/gate.ts')).run },
  diff: { summary: 'what changed between two reports', load: async () => (await import('./commands/diff.ts')).run },
  lock: { summary: 'record new variant versions in the lock file', load: async () => (await import('./commands/lock.ts')).run },
  power: { summary: 'what each gate rule can detect now, and the cases it needs for a chosen drop', load: async () => (await import('./commands/power.ts')).run },
  compare: { summary: 'variants side by side: summary, confusion grids, cases (interactive in a terminal)', load: async () => (await import('./commands/compare.ts')).run },
  report: { summary: 'print a report, or write it as one self-contained HTML page (--html)', load: async () => (await import('./commands/report.ts')).run },
  init: { summary: 'scaffold a task, configs, the promptfoo plugin wiring and the workflow here', load: async () => (await import('./commands/init.ts')).run },
  review: { summary: 'review weak labels in the terminal, one case per screen, into a gold dataset', load: async () => (await import('./commands/review.ts')).run },
  merge: { summary: 'join the reports of a sharded run (eval or apply --shard i/n) into one', load: async () => (await import('./commands/merge.ts')).run },
  label: { summary: 'propose labels for unlabeled cases with one or more variants (weak labels)', load: async () => (await import('./commands/label.ts')).run },
  apply: { summary: 'classify a corpus with a variant: label distribution, and drift against an earlier run', load: async () => (await import('./commands/apply.ts')).run },
  pr: { summary: 'the pull-request flow: eval base and head, gate, diff, comment', load: async () => (await import('./commands/pr.ts')).run },
};

export const USAGE = `usage: labelgate <command> [options]

${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`)
  .join('\n')}

Run \`labelgate <command> --help\` for a command's options.
Exit codes: 0 ok, 1 the gate failed, 2 bad input, 3 unexpected failure (add --debug or set
LABELGATE_DEBUG=1 for the stack trace).`;

/** `--debug` anywhere on the command line, or LABELGATE_DEBUG=1: show stack traces of unexpected failures. */
function debugRequested(argv: string[], env: NodeJS.ProcessEnv): { debug: boolean; rest: string[] } {
  const rest = argv.filter((a) => a !== '--debug');
  return { debug: rest.length !== argv.length || (env.LABELGATE_DEBUG ?? '') === '1', rest };
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env, commands: CommandTable = COMMANDS): Promise<number> {
  const { debug, rest: args } = debugRequested(argv, env);
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return name === undefined ? EXIT.badInput : EXIT.ok;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    console.error(`labelgate: unknown command "${termMessage(name)}"\n\n${USAGE}`);
    return EXIT.badInput;
  }
  try {
    return await (await command.load())(rest);
  } catch (e) {
    if (isUserError(e)) {
      // Messages quote dataset text (ids, labels, field values): it must not drive the terminal.
      console.error(`labelgate ${name}: ${termMessage(e.format())}`);
      return EXIT.badInput;
    }
    return reportUnexpected(`labelgate ${name}`, e, debug);
  }
}

/** A bug, not the user's mistake: one line that says so and how to see more, exit 3. */
export function reportUnexpected(who: string, e: unknown, debug: boolean): number {
  const message = e instanceof Error ? e.message : String(e);
  console.error(`${who}: unexpected failure: ${termMessage(message.split('\n')[0] ?? '')}`);
  if (debug) console.error(termMessage(e instanceof Error && e.stack ? e.stack : String(e)));
  else console.error('This is a bug in labelgate, not in your input. Run again with --debug (or LABELGATE_DEBUG=1) for the stack trace, and report it.');
  return EXIT.unexpected;
}
