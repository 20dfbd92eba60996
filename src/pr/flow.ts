import { existsSync } from 'node:fs';
import path from 'node:path';
import { isUserError, UserError } from '../core/errors.ts';
import { shortSha } from '../core/hash.ts';
import type { ReportDiff } from '../diff/report-diff.ts';
import type { GateResult } from '../gate/types.ts';
import { termMessage } from '../core/text.ts';
import type { Report } from '../report/schema.ts';
import { CONFIG_FILE, loadProjectConfig, type ProjectConfig } from '../run/config.ts';
import type { EvaluateEvents } from '../run/evaluate.ts';
import { impliedBackend, resolveRunOptions, type RunFlags, type RunOptions } from '../run/options.ts';
import { chooseBackend } from './backend.ts';
import { composeComment, composeSkipped, MARKER, type CommentMeta } from './comment.ts';
import { githubContext, type GitHubContext } from './context.ts';
import { changedFiles, isCommit, mergeBase, repoPrefix, resolveCommit } from './git.ts';
import type { StickyResult } from './github.ts';
import { openPublisher } from './publish.ts';
import { relevantChanges, relevantPaths } from './relevant.ts';
import { moduleFiles } from '../classifier/module-files.ts';
import { parseModuleSpec } from '../classifier/module.ts';
import { checkConfigLabels, GATE_CONFIG_FILE, loadGateConfig, type LoadedGateConfig } from '../gate/config.ts';
import { inTree, openWorkspace, relocate, unTree } from './workspace.ts';

export interface PrOptions {
  /** The branch or commit the pull request merges into (default: the event's base commit, else origin/HEAD, origin/main, main). */
  base?: string;
  /** `HEAD` (the default) evaluates the working tree; any other ref is checked out in a worktree. */
  head?: string;
  /** The eval's flags, as for `eval`. Without `backend`: openai when OPENAI_API_KEY is set (unless the project config says otherwise), else offline. */
  run?: RunFlags;
  /** Where the reports, the gate's result and the comment are written (default reports/pr). */
  outDir?: string;
  /** Post or update the sticky comment when a token and a pull request are known (default true). */
  comment?: boolean;
  gateConfig?: string;
  /** The project config file (default labelgate.config.yaml if present). */
  config?: string;
  /** Progress of both evals (their variants named `head …` and `base …`) and a signal that stops them. */
  events?: EvaluateEvents;
}

export interface PrResult {
  /** The gate's: 0 pass, 1 fail (0 when the eval was skipped). */
  exitCode: 0 | 1;
  skipped: boolean;
  /** The markdown written to the step summary and the comment. */
  body: string;
  gate?: GateResult;
  diff?: ReportDiff;
  head?: Report;
  base?: Report;
  comment?: StickyResult;
  /** Files written to the out dir. */
  files: string[];
  warnings: string[];
}

export interface PrIO {
  env?: NodeJS.ProcessEnv;
  /** Progress and warnings, for people (stderr). */
  log?: (line: string) => void;
}

function defaultBase(context: GitHubContext): string {
  if (context.baseSha) return context.baseSha;
  const found = ['origin/HEAD', 'origin/main', 'main', 'origin/master', 'master'].find((ref) => isCommit(ref));
  if (!found) throw new UserError('no base to compare with: pass --base BRANCH (the branch the pull request merges into)');
  return found;
}

/**
 * The pull-request flow: find what changed since the merge base; when nothing relevant did, say so
 * and stop (the cheap run). Otherwise evaluate the head's variants and the merge base's (checked out
 * in a temporary worktree, run with the head's code), gate and diff them, and publish one markdown
 * body (files, step summary, the pull request's sticky comment).
 */
export async function runPullRequest(options: PrOptions, io: PrIO = {}): Promise<PrResult> {
  const env = io.env ?? process.env;
  const log = io.log ?? ((line: string) => console.error(termMessage(line)));
  const warnings: string[] = [];
  const warn = (message: string) => {
    warnings.push(message);
    log(`warning: ${message}`);
  };

  const prefix = repoPrefix();
  const context = githubContext(env);
  const project = loadProjectConfig(options.config);
  const flags = options.run ?? {};
  const resolved = resolveRunOptions(flags, project);
  const baseRef = options.base ?? defaultBase(context);
  const headRef = options.head ?? 'HEAD';
  const workingTree = headRef === 'HEAD';
  const baseCommit = resolveCommit(baseRef);
  const headCommit = resolveCommit(headRef);
  const base = mergeBase(baseCommit, headCommit);
  const variantSpecs = resolved.variants;
  const dataset = resolved.dataset;
  const changed = changedFiles(base, workingTree ? undefined : headCommit);
  const dataPaths = [...variantSpecs, dataset];
  const relevant = relevantChanges(changed, projectRelevantPaths(resolved, project, options));
  const meta: CommentMeta = {
    baseRef,
    mergeBase: base,
    head: headCommit,
    workingTree,
    backend: 'offline',
    notes: [],
    ...(context.runUrl && { runUrl: context.runUrl }),
  };
  const out = openPublisher({ outDir: options.outDir ?? path.join(resolved.reportsDir, 'pr'), context, comment: options.comment !== false, log, warn });

  if (relevant.length === 0) {
    log(`nothing relevant changed since the merge base ${shortSha(base)}: eval skipped`);
    const body = composeSkipped(changed, meta);
    // A comment from an earlier push (since reverted) must not stay up; a new one is not needed.
    const comment = await out.publish(body, true);
    return { exitCode: 0, skipped: true, body, ...(comment && { comment }), files: out.files, warnings };
  }

  const { backend, note } = chooseBackend(flags.backend ?? impliedBackend(flags), project.backend ?? impliedBackend(project), (env.OPENAI_API_KEY ?? '') !== '', context.fork);
  if (note) meta.notes.push(note);
  meta.backend = backend;
  const code = codeChanges(relevant, dataPaths);
  if (code.length > 0) meta.codeChanged = code;

  // Loaded only now, so the cheap run never imports the eval machinery.
  const { evaluateGate } = await import('../gate/verdict.ts');
  const { diffReports } = await import('../diff/report-diff.ts');
  const { render } = await import('../render/registry.ts');

  const workspace = openWorkspace(prefix);
  try {
    const sides: Sides = { common: { ...resolved, backend }, variantSpecs, dataset, meta, log, warn, ...(options.events && { events: options.events }) };
    const headDir = workingTree ? undefined : workspace.checkout(headCommit);
    log(`evaluating the head (${shortSha(headCommit)}${workingTree ? ', working tree' : ''}) on the ${backend} backend`);
    const { head, loaded } = await evaluateHead(sides, headDir, options.gateConfig, (error) => out.publish(composeInvalid(error, meta), false));
    const model = head.variants[0]?.model;
    if (model !== undefined) meta.model = model;
    const baseline = await evaluateBase(sides, workspace.checkout(base), headDir, base);

    out.writeReport('head.json', head);
    if (baseline) out.writeReport('base.json', baseline);
    const config = loaded.config;
    const gate = evaluateGate(head, baseline, config);
    const diff = baseline ? diffReports(baseline, head, { bootstrap: config.regression.bootstrap }) : undefined;
    out.write('gate.json', render('gate', 'json', gate));
    const body = composeComment(gate, diff, meta);
    const comment = await out.publish(body, false);
    return {
      exitCode: gate.verdict === 'pass' ? 0 : 1,
      skipped: false,
      body,
      gate,
      ...(diff && { diff }),
      head,
      ...(baseline && { base: baseline }),
      ...(comment && { comment }),
      files: out.files,
      warnings,
    };
  } finally {
    workspace.dispose();
  }
}

/** The changed files that are neither prompts nor data: the pull request changes code the eval runs. */
function codeChanges(relevant: readonly string[], dataPaths: readonly string[]): string[] {
  const dataFolders = dataPaths.map((p) => p.replace(/\\/g, '/').replace(/^\.\//, ''));
  return relevant.filter((f) => !f.startsWith('prompts/') && !f.startsWith('datasets/') && !dataFolders.some((d) => f === d || f.startsWith(d.endsWith('/') ? d : `${d}/`)));
}

/** What the head's and the merge base's evaluations share. */
interface Sides {
  common: RunOptions;
  variantSpecs: string[];
  dataset: string;
  /** The comment's facts; both evaluations add notes. */
  meta: CommentMeta;
  log: (line: string) => void;
  warn: (message: string) => void;
  events?: EvaluateEvents;
}

/**
 * The head's report (paths as in the repository) and the gate config it is judged by. A user error
 * (bad data, a bad gate config) is published on the pull request, so the author sees why and not
 * only the log, then thrown: the exit code stays 2.
 */
async function evaluateHead(s: Sides, headDir: string | undefined, gateConfig: string | undefined, publishInvalid: (error: UserError) => Promise<unknown>): Promise<{ head: Report; loaded: LoadedGateConfig }> {
  const { evaluate } = await import('../run/evaluate.ts');
  try {
    const gateFile = gateConfig ?? (headDir && existsSync(inTree(headDir, GATE_CONFIG_FILE)) ? inTree(headDir, GATE_CONFIG_FILE) : undefined);
    const loaded = loadGateConfig(gateFile);
    const result = await evaluate({
      ...s.common,
      variants: s.variantSpecs.map((spec) => inTree(headDir, spec)),
      dataset: inTree(headDir, s.dataset),
      lockFile: inTree(headDir, s.common.lockFile),
    }, side(s.events, 'head'));
    const head = headDir ? relocate(result.report, headDir) : result.report;
    const judged = head.variants.filter((v) => loaded.config.variants === undefined || loaded.config.variants.includes(v.name));
    checkConfigLabels(loaded, new Set(judged.flatMap((v) => v.labels)));
    for (const w of result.warnings.map((m) => unTree(m, headDir))) {
      s.warn(w);
      s.meta.notes.push(w);
    }
    return { head, loaded };
  } catch (e) {
    if (!isUserError(e)) throw e;
    const error = headDir ? new UserError(unTree(e.message, headDir), e.file && unTree(e.file, headDir), e.line) : e;
    await publishInvalid(error);
    throw error;
  }
}

/**
 * The merge base's variants, evaluated with the head's code on the base's dataset (the head's when
 * the pull request adds it). Undefined, with a note for the comment, when the base has none of the
 * variants or cannot be evaluated: then only the gate's absolute rules apply.
 */
async function evaluateBase(s: Sides, baseDir: string, headDir: string | undefined, base: string): Promise<Report | undefined> {
  const baseSpecs = s.variantSpecs.filter((spec) => existsSync(inTree(baseDir, spec)));
  if (baseSpecs.length === 0) {
    s.meta.notes.push(`The merge base has none of the variants (${s.variantSpecs.join(', ')}): no baseline, only the absolute rules apply.`);
    return undefined;
  }
  let baseDataset = inTree(baseDir, s.dataset);
  if (!existsSync(baseDataset)) {
    baseDataset = inTree(headDir, s.dataset);
    s.meta.notes.push(`${s.dataset} is new in this pull request: the base's variants were evaluated on it too.`);
  }
  s.log(`evaluating the merge base (${shortSha(base)}) on the ${s.common.backend} backend`);
  const { evaluate } = await import('../run/evaluate.ts');
  try {
    const result = await evaluate({ ...s.common, variants: baseSpecs.map((spec) => inTree(baseDir, spec)), dataset: baseDataset, lockFile: inTree(baseDir, s.common.lockFile) }, side(s.events, 'base'));
    const baseline = relocate(result.report, baseDir);
    // A dataset new in the pull request was read from the head's worktree.
    return headDir ? relocate(baseline, headDir) : baseline;
  } catch (e) {
    if (!isUserError(e)) throw e;
    const why = unTree(e.format(), baseDir);
    s.warn(`the merge base could not be evaluated: ${why}`);
    s.meta.notes.push(`The merge base's variants could not be evaluated with this pull request's code (${why}): no baseline, only the absolute rules apply.`);
    return undefined;
  }
}

/**
 * What this project's evaluation reads: its variants, dataset and lock, the gate and project
 * configs, the classifier's code (the module and the local files it imports, as in the working
 * tree) and the config's `relevant`.
 */
export function projectRelevantPaths(resolved: RunOptions, project: ProjectConfig, options: Pick<PrOptions, 'gateConfig' | 'config'>, cwd = process.cwd()): string[] {
  const entry = resolved.classifier === undefined ? undefined : parseModuleSpec(resolved.classifier).file;
  let code: string[] = [];
  if (entry !== undefined) {
    try {
      code = [entry, ...moduleFiles(path.resolve(cwd, entry)).map((f) => path.relative(cwd, f).split(path.sep).join('/'))];
    } catch {
      code = [entry]; // not readable here (deleted in this pull request): the entry's own path still counts
    }
  }
  return relevantPaths({
    variants: resolved.variants,
    dataset: resolved.dataset,
    lockFile: resolved.lockFile,
    gateConfig: options.gateConfig ?? GATE_CONFIG_FILE,
    projectConfig: options.config ?? CONFIG_FILE,
    classifierFiles: code,
    ...(project.relevant && { extra: project.relevant }),
  });
}

/**
 * The comment when the head itself is bad input (a variant that does not load, a bad gate rule). The
 * message may quote dataset text: in a code block nothing links or mentions, and termMessage shows
 * its control and bidirectional characters as code points, so it cannot reorder what a reader sees.
 */
export function composeInvalid(error: UserError, meta: CommentMeta): string {
  return [
    MARKER,
    '## labelgate: ❌ this pull request could not be evaluated',
    '',
    `The head ${meta.workingTree ? 'working tree' : 'commit'} ${shortSha(meta.head)} is not valid input:`,
    '',
    '```text',
    termMessage(error.format()).replace(/`{3,}/g, '``'),
    '```',
    '',
    'Fix it and push again; `npx labelgate eval` shows the same error locally.',
    '',
  ].join('\n');
}

/** The eval's events for one side of the pull request: its variants' progress named after the side. */
function side(events: EvaluateEvents | undefined, name: 'head' | 'base'): EvaluateEvents {
  if (!events) return {};
  const { progress, signal } = events;
  return {
    ...(progress && { progress: { update: (e) => progress.update({ ...e, variant: `${name} ${e.variant}` }) } }),
    ...(signal && { signal }),
  };
}
