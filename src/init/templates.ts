import { stringify } from 'yaml';
import { DEFAULT_MAX_INPUT_CHARS } from '../classifier/input-guard.ts';
import { DEFAULT_RETRY_BUDGET_MS } from '../classifier/retry.ts';
import { DEFAULT_CONCURRENCY } from '../classifier/types.ts';
import { derivedMetricsFor } from '../promptfoo/named-scores.ts';
import { DEFAULT_CACHE_DIR, REPORTS_DIR } from '../run/config.ts';

/** What the scaffold is about: the task, its labels and where things go (paths relative to the project root). */
export interface InitPlan {
  task: string;
  labels: string[];
  variantsDir: string;
  dataset: string;
  lockFile: string;
  /** The folder the promptfoo plugin entry points are referenced from (`node_modules/labelgate/dist/providers` when installed, `providers` in labelgate's own repository). */
  pluginDir: string;
  /** The entry points' file extension in that folder (`.ts` or `.js`). */
  pluginExt: string;
}

const q = (s: string) => JSON.stringify(s);

/** The first variant: one plain description per label and a fallback, for the team to rewrite. */
export function variantYaml(p: InitPlan): string {
  const labels = p.labels
    .map((l) => `  - name: ${l}\n    description: ${q(`Requests about ${l.replace(/[-_]/g, ' ')}.`)}\n    examples:\n      positive: [${q(`a question about ${l.replace(/[-_]/g, ' ')}`)}]`)
    .join('\n');
  return `# The first prompt variant of ${p.task}. Edit freely before anyone relies on it; after that, a
# change bumps "version" and \`npx labelgate lock\` records it (the lock catches silent edits).
name: v1
version: 1.0.0
changelog: First variant, scaffolded by labelgate init.
system: |
  You classify each request into exactly one of the labels below.
  Answer with the label only.
labels:
${labels}
fallback: ${p.labels[p.labels.length - 1]}
template: |
  Request: {{query}}
`;
}

/** A dozen example cases, round-robin over the labels, plainly marked as examples. */
export function exampleDataset(p: InitPlan): string {
  const count = Math.max(12, p.labels.length);
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const label = p.labels[i % p.labels.length]!;
    const n = Math.floor(i / p.labels.length) + 1;
    const id = `example-${String(i + 1).padStart(2, '0')}`;
    lines.push(JSON.stringify({ id, query: `EXAMPLE ${n}: a question about ${label.replace(/[-_]/g, ' ')} (replace this dataset with your labeled cases)`, label, metadata: { example: true } }));
  }
  return `${lines.join('\n')}\n`;
}

/** labelgate.config.yaml: the paths init chose, and every other key with its default, commented. */
export function projectConfigYaml(p: InitPlan): string {
  return `# labelgate's project defaults; a command-line flag overrides each. Documented keys and defaults:
# labelgate's README ("labelgate.config.yaml").

# Prompt variant files or folders (default: prompts).
variants: ${p.variantsDir}
# The labeled dataset, JSON Lines: {"id", "query", "document"?, "label", "metadata"?} per line.
# ${p.dataset} is an EXAMPLE to replace with your own labeled cases (or point this at your file,
# with "map" below when its fields have other names).
dataset: ${p.dataset}
# map: { id: ticket_id, query: text, label: category }
# The variants lock (default: prompts/variants.lock.json).
lock: ${p.lockFile}
# split: all                  # validation | test | all: the deterministic 70/30 split by case id

# The classifier under test (default backend: offline, a lexical stand-in that needs no key).
# backend: offline            # offline | openai | replay | module | promptfoo
# model: gpt-4.1-mini         # for the openai backend
# baseURL: http://localhost:11434/v1   # any OpenAI-compatible server
# classifier: src/classify.ts#classify # your own code (implies backend: module)
# provider: anthropic:messages:claude-sonnet-4-5   # any promptfoo provider (implies backend: promptfoo)
# concurrency: ${DEFAULT_CONCURRENCY}              # requests in flight at most
# timeoutMs: 60000            # per request (the openai backend's default; none for module)
# retryBudgetMs: ${DEFAULT_RETRY_BUDGET_MS}       # how long one case may keep retrying a model request
# maxInputChars: ${DEFAULT_MAX_INPUT_CHARS}       # longer cases are invalid without a request
# Prices by model name, USD per 1M tokens, from your provider's current price list: the report,
# the diff and the pull-request comment then show cost per variant and per 1,000 cases.
# prices: { my-model: { input: 0.5, output: 1.5, cachedInput: 0.25 } }

# Where reports go (default: reports) and the response cache (default: .labelgate/cache).
# reports: ${REPORTS_DIR}
# cache: ${DEFAULT_CACHE_DIR}

# Extra paths whose change makes a pull request re-run the eval, besides the variants, the dataset,
# the classifier's code, labelgate's config files, promptfooconfig.yaml and package*.json.
# relevant: [src/classify/]
`;
}

const entry = (p: InitPlan, name: string) => `file://${p.pluginDir}/${name}${p.pluginExt}`;

/** promptfooconfig.yaml wired to labelgate's plugin, with the derived metrics for the labels. */
export function promptfooConfigYaml(p: InitPlan): string {
  const body = stringify(
    {
      prompts: [{ id: entry(p, 'prompt'), label: 'v1@1.0.0', config: { variant: `${p.variantsDir}/${p.task}/v1.yaml` } }],
      providers: [{ id: entry(p, 'labelgate'), label: 'labelgate' }],
      tests: [{ path: entry(p, 'tests'), config: { dataset: p.dataset, split: 'all' } }],
      defaultTest: { assert: [{ type: 'javascript', value: entry(p, 'assert-label') }] },
      // One entry per hook: promptfoo imports a hook's file each time it runs it, and skips the hooks not named.
      extensions: ['beforeAll', 'afterAll'].map((hook) => `${entry(p, 'hooks')}:${hook}`),
      derivedMetrics: derivedMetricsFor(p.labels),
    },
    { lineWidth: 0 },
  );
  return `# yaml-language-server: $schema=https://promptfoo.dev/config-schema.json
# ${p.task} as a promptfoo project: \`npx promptfoo eval\`, then \`npx promptfoo view\`.
# Runs offline by default (no API key). For a real model:
#   LABELGATE_BACKEND=openai LABELGATE_MODEL=gpt-4.1-mini npx promptfoo eval
# Each prompt is a variant file (label: name@version); the assertion emits per-label counts and the
# derived metrics below turn them into precision_/recall_/f1_<label>, accuracy and macro_f1.
# When the labels change, run \`npx labelgate init\` in a scratch folder or edit derivedMetrics to match.
description: ${q(`${p.task}: prompt variants on the labeled dataset`)}

env:
  PROMPTFOO_DISABLE_TELEMETRY: '1'
  PROMPTFOO_DISABLE_UPDATE: '1'
  PROMPTFOO_DISABLE_SHARING: '1'
  PROMPTFOO_DISABLE_RUNTIME_WARNINGS: '1'

${body}`;
}

/** A `paths:` filter entry: a folder matches everything under it. */
const filterOf = (pattern: string) => (pattern.endsWith('/') ? `${pattern}**` : pattern);

/** The pull-request workflow: the same steps as labelgate's own, on the project's paths. */
export function workflowYaml(relevant: readonly string[], cacheInputs: readonly string[]): string {
  const paths = [...new Set([...relevant.map(filterOf), '.github/workflows/prompt-eval.yml'])].map((p) => `      - ${q(p)}`).join('\n');
  return `# Evaluates a pull request's prompt variants against its base branch's, applies the merge gate
# (labelgate.gate.yaml) and posts the eval diff as one sticky comment: \`npx labelgate pr\`.
#
# Safe by construction:
# - \`pull_request\`, never \`pull_request_target\`: a fork's pull request gets a read-only token and no
#   secrets. The flow then runs on the offline backend and reports in the step summary instead.
# - Least permissions: read the code, write the pull request's comments; nothing else.
# - Nothing a pull request controls is expanded into a \`run:\` script; values reach it through \`env:\`.
name: Prompt eval

on:
  pull_request:
    # The same paths labelgate pr counts as relevant (labelgate.config.yaml's "relevant" adds more).
    paths:
${paths}

permissions:
  contents: read
  pull-requests: write

concurrency:
  group: prompt-eval-\${{ github.event.pull_request.number }}
  cancel-in-progress: true

jobs:
  eval:
    runs-on: ubuntu-latest
    timeout-minutes: 30
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
        with:
          # The whole history: the flow checks out the merge base in a worktree.
          fetch-depth: 0
          persist-credentials: false
      - uses: actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020 # v4.4.0
        with:
          node-version: 20
          cache: npm
      - run: npm ci
      # Model answers keyed by everything that decides them; unchanged variants cost nothing again.
      - uses: actions/cache@5a3ec84eff668545956fd18022155c47e93e2684 # v4.2.3
        with:
          path: .labelgate/cache
          key: labelgate-responses-\${{ hashFiles(${cacheInputs.map((c) => `'${c}'`).join(', ')}) }}
          restore-keys: labelgate-responses-
      - name: Evaluate base and head, gate, diff, comment
        # Exit code: 0 the gate passes, 1 it fails, 2 bad input. The backend is openai when the key
        # is present, else offline (a fork's pull request has no secrets).
        run: npx labelgate pr --base "$BASE_SHA"
        env:
          BASE_SHA: \${{ github.event.pull_request.base.sha }}
          GITHUB_TOKEN: \${{ secrets.GITHUB_TOKEN }}
          OPENAI_API_KEY: \${{ secrets.OPENAI_API_KEY }}
      - uses: actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02 # v4.6.2
        if: always()
        with:
          name: labelgate-pr-reports
          path: reports/pr
          if-no-files-found: ignore
`;
}
