import { isUserError } from '../errors.ts';

/** A command takes its arguments and returns the process's exit code. */
export type Command = (argv: string[]) => Promise<number>;

/** Commands load lazily, so the ones that only read reports never import promptfoo. */
const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  eval: { summary: 'evaluate prompt variants on a dataset through promptfoo and write a report', load: async () => (await import('./commands/eval.ts')).run },
  score: { summary: 'build a report from recorded predictions, no model', load: async () => (await import('./commands/score.ts')).run },
  gate: { summary: 'apply the merge gate to a report (exit 0 pass, 1 fail)', load: async () => (await import('./commands/gate.ts')).run },
  diff: { summary: 'what changed between two reports', load: async () => (await import('./commands/diff.ts')).run },
  lock: { summary: 'record new variant versions in the lock file', load: async () => (await import('./commands/lock.ts')).run },
  compare: { summary: 'variants side by side: summary, confusion grids, cases (interactive in a terminal)', load: async () => (await import('./commands/compare.ts')).run },
  report: { summary: 'print a report, or write it as one self-contained HTML page (--html)', load: async () => (await import('./commands/report.ts')).run },
  pr: { summary: 'the pull-request flow: eval base and head, gate, diff, comment', load: async () => (await import('./commands/pr.ts')).run },
};

export const USAGE = `usage: labelgate <command> [options]

${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`)
  .join('\n')}

Run \`labelgate <command> --help\` for a command's options.`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`labelgate: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  try {
    return await (await command.load())(rest);
  } catch (e) {
    if (isUserError(e)) {
      console.error(`labelgate ${name}: ${e.format()}`);
      return 2;
    }
    throw e;
  }
}
