import { ERROR, INVALID } from '../../core/outcome.ts';
import { excerpt, termText } from '../../core/text.ts';
import { parseFieldMap } from '../../dataset/load.ts';
import { writeReport } from '../../report/io.ts';
import { render } from '../../render/registry.ts';
import { parseLabelList, score } from '../../run/score.ts';
import { FORMATS, oneOf, parse, required } from '../args.ts';

const HELP = `usage: labelgate score --dataset FILE --predictions FILE [options]

Builds a report from predictions made anywhere else, with no model: one variant, scored against
the dataset's gold labels.
  --dataset FILE        labeled JSONL dataset ({"id", "query", "label"?, ...} per line)
  --predictions FILE    JSONL predictions, {"id", "prediction"} per line
  --map id=SRC,...      read a dataset with other field names as it is
  --labels a,b,c        the label set and its order (default: the dataset's labels, in order of
                        first appearance); a gold label outside it is an error, and without it a
                        prediction that looks like a label but is no gold label asks for it
  --name NAME           the variant's name in the report (default: the predictions file's name)
  --format text|markdown|json  what to print (default: text)
  --out FILE            also write the report there (atomically)
A case with no prediction counts as "${ERROR}", a prediction that is not a label as "${INVALID}";
predictions for ids not in the dataset are listed in the report and warned about.
Exit 0 when the report was built, 2 on bad input.`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    dataset: { type: 'string' },
    predictions: { type: 'string' },
    map: { type: 'string' },
    labels: { type: 'string' },
    name: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const format = oneOf(values.format, FORMATS, '--format', 'text');
  const datasetPath = required(values.dataset, '--dataset');
  const predictionsPath = required(values.predictions, '--predictions');
  const labels = values.labels === undefined ? undefined : parseLabelList(values.labels);
  const { report, unknown } = score({
    dataset: datasetPath,
    predictions: predictionsPath,
    ...(values.map !== undefined && { map: parseFieldMap(values.map) }),
    ...(labels && { labels }),
    ...(values.name !== undefined && { name: values.name }),
  });
  for (const u of unknown.slice(0, 10)) {
    console.error(`labelgate score: warning: ${termText(predictionsPath)}:${u.line}: id "${termText(excerpt(u.id, 80))}" matches no case in ${termText(datasetPath)}`);
  }
  if (unknown.length > 10) console.error(`labelgate score: warning: ${unknown.length - 10} more prediction ids match no case (all are listed in the report's unknownPredictionIds)`);

  if (values.out !== undefined) writeReport(values.out, report);
  process.stdout.write(render('report', format, report));
  return 0;
}
