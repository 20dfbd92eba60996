import path from 'node:path';
import { UserError } from '../core/errors.ts';
import { loadProjectConfig } from '../run/config.ts';
import { resolveRunOptions, variantSpecs, type RunOptions } from '../run/options.ts';
import { required, RUN_FLAG_OPTIONS, runFlags } from './args.ts';

/**
 * The flags of the commands that classify a corpus (`label`, `apply`): every flag of `eval` that
 * chooses and runs a backend, with the variants as `--variant` and the cases as `--input`. The whole
 * file is classified, so there is no `--split`.
 */
const { variants: _variants, dataset: _dataset, split: _split, ...BACKEND_FLAG_OPTIONS } = RUN_FLAG_OPTIONS;

export const CORPUS_FLAG_OPTIONS = {
  ...BACKEND_FLAG_OPTIONS,
  variant: { type: 'string', multiple: true },
  input: { type: 'string' },
} as const;

export const BACKEND_FLAGS_HELP = `  --map id=SRC,document=SRC  use a file with other field names as it is
  --backend offline|openai|replay|module|promptfoo
                             (default: offline, no network; module with --classifier,
                             promptfoo with --provider)
  --classifier FILE#EXPORT   your own classifier code for the module backend
  --provider ID              a promptfoo provider id for the promptfoo backend
  --model NAME               model for the openai backend (default: gpt-4.1-mini)
  --base-url URL             any OpenAI-compatible server (or OPENAI_BASE_URL)
  --predictions FILE         recorded predictions for the replay backend
  -j, --concurrency N        parallel requests at most; fewer while the server rate-limits (default: 4)
  --max-input-chars N        cases with more characters of query + document are invalid, not sent
  --no-cache                 ask the model again instead of reusing cached answers
  --config FILE              project defaults (default: labelgate.config.yaml if present)`;

type CorpusValues = { [K in keyof typeof CORPUS_FLAG_OPTIONS]?: (typeof CORPUS_FLAG_OPTIONS)[K] extends { multiple: true } ? string[] : (typeof CORPUS_FLAG_OPTIONS)[K] extends { type: 'boolean' } ? boolean : string };

/** The run options of a corpus command: `--variant` and `--input` required, the whole file, the same precedence as `eval`. */
export function corpusRunOptions(values: CorpusValues): RunOptions {
  const variants = variantSpecs(values.variant ?? []);
  if (variants.length === 0) throw new UserError('--variant is required (a variant file, or several: --variant a.yaml,b.yaml)');
  const input = required(values.input, '--input');
  const { variant: _v, input: _i, ...backend } = values;
  return resolveRunOptions({ ...runFlags({ ...backend, variants, dataset: input }), split: 'all' }, loadProjectConfig(values.config));
}

/** An output that would replace the input is refused before anything runs. */
export function checkNotInput(out: string, input: string, flag: string): void {
  if (path.resolve(out) === path.resolve(input)) throw new UserError(`${flag} is the --input file: give another path (the input is never overwritten)`, out);
}
