import { createInterface } from 'node:readline/promises';
import { UserError } from '../../core/errors.ts';
import { termMessage } from '../../core/text.ts';
import { pluginLocation } from '../../init/plugin-location.ts';
import { planFor, writeScaffold } from '../../init/scaffold.ts';
import { LabelName } from '../../variant/schema.ts';
import { parse } from '../args.ts';

const HELP = `usage: labelgate init [--task NAME] [--labels a,b,c] [--yes]

Scaffolds labelgate in the current folder (your repository's root): the task's first prompt variant
(prompts/<task>/v1.yaml), an example dataset (datasets/<task>.jsonl) to replace with yours,
labelgate.config.yaml, labelgate.gate.yaml, the variants lock, a promptfooconfig.yaml wired to
labelgate's plugin, .github/workflows/prompt-eval.yml and .gitignore entries. Never overwrites a
file: running it again changes nothing.
  --task NAME      the classification task (default: classifier)
  --labels a,b,c   its labels, at least two (asked for when not given in a terminal)
  --yes            ask nothing (scripts): --labels is then required`;

export const DEFAULT_TASK = 'classifier';

/** A task or label name, checked by the variant schema's rule for label names. */
function checkName(value: string, flag: string): string {
  const result = LabelName.safeParse(value);
  if (!result.success) throw new UserError(`${flag}: "${value}" ${result.error.issues[0]!.message.replace(/^a label name is/, 'must be')}`);
  return value;
}

export function parseLabels(value: string): string[] {
  const labels = value.split(',').map((l) => l.trim()).filter(Boolean);
  for (const l of labels) checkName(l, '--labels');
  const dup = labels.find((l, i) => labels.indexOf(l) !== i);
  if (dup !== undefined) throw new UserError(`--labels: "${dup}" is given twice`);
  if (labels.length < 2) throw new UserError('--labels: a classifier needs at least two labels (e.g. --labels billing,bug,other)');
  return labels;
}

async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    task: { type: 'string' },
    labels: { type: 'string' },
    yes: { type: 'boolean', short: 'y', default: false },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const interactive = !values.yes && process.stdin.isTTY === true;
  let task = values.task;
  if (task === undefined && interactive && values.labels === undefined) task = (await ask(`Task name [${DEFAULT_TASK}]: `)) || undefined;
  task = checkName(task ?? DEFAULT_TASK, '--task');
  let labelText = values.labels;
  if (labelText === undefined) {
    if (!interactive) throw new UserError('--labels is needed (e.g. --labels billing,bug,other) when init cannot ask');
    labelText = await ask('Labels, comma-separated (e.g. billing,bug,other): ');
  }
  const labels = parseLabels(labelText);

  const root = process.cwd();
  const plugin = pluginLocation(root);
  const plan = planFor(task, labels, plugin);
  const result = writeScaffold(root, plan);
  const say = (line: string) => console.log(termMessage(line));
  for (const f of result.created) say(`created     ${f}`);
  for (const f of result.updated) say(`updated     ${f}`);
  for (const f of result.leftAlone) say(`left alone  ${f} (exists)`);
  if (plugin.warning) console.error(`warning: ${plugin.warning}`);
  say('');
  say(`${plan.dataset} is an example: replace its cases with your labeled ones (one JSON object a line:`);
  say('{"id", "query", "document"?, "label"}), or point "dataset" in labelgate.config.yaml at your file');
  say('("map" there reads other field names). Then describe your labels in ' + `prompts/${task}/v1.yaml.`);
  say('');
  say('Next:');
  say('  npx labelgate eval       # offline, no key: a first report in reports/');
  say('  npx promptfoo eval       # the same through promptfoo, per-label metrics in its table');
  say('  npx promptfoo view       # promptfoo\'s viewer');
  return 0;
}
