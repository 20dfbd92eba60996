import { appendFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BackendName } from '../classifier/types.ts';
import type { EvalOptions } from '../cli/commands/eval.ts';
import { DEFAULT_CONCURRENCY, DEFAULT_DATASET, DEFAULT_VARIANTS, loadProjectConfig } from '../config.ts';
import type { SPLITS } from '../dataset/split.ts';
import type { ReportDiff } from '../diff/diff.ts';
import { isUserError, UserError } from '../errors.ts';
import type { LoadedGateConfig } from '../gate/config.ts';
import type { GateResult } from '../gate/types.ts';
import { termMessage } from '../render/escape.ts';
import type { Report } from '../report/schema.ts';
import { chooseBackend } from './backend.ts';
import { composeComment, composeSkipped, MARKER, type CommentMeta } from './comment.ts';
import { githubContext, type GitHubContext } from './context.ts';
import { addWorktree, changedFiles, isCommit, mergeBase, repoPrefix, resolveCommit, type Worktree } from './git.ts';
import { createGitHubClient, GitHubApiError, upsertStickyComment, type StickyResult } from './github.ts';
import { relevantChanges } from './relevant.ts';
import { LOCK_FILE } from '../variant/lock.ts';

export interface PrOptions {
  /** The branch or commit the pull request merges into (default: the event's base commit, else origin/HEAD, origin/main, main). */
  base?: string;
  /** `HEAD` (the default) evaluates the working tree; any other ref is checked out in a worktree. */
  head?: string;
  variants?: string[];
  dataset?: string;
  split?: (typeof SPLITS)[number];
  /** Default: openai when OPENAI_API_KEY is set (unless the project config says otherwise), else offline. */
  backend?: BackendName;
  model?: string;
  baseURL?: string;
  concurrency?: number;
  /** Where the reports, the gate's result and the comment are written (default reports/pr). */
  outDir?: string;
  /** Post or update the sticky comment when a token and a pull request are known (default true). */
  comment?: boolean;
  gateConfig?: string;
  /** The project config file (default labelgate.config.yaml if present). */
  config?: string;
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

const OUT_FILES = ['head.json', 'base.json', 'gate.json', 'comment.md'] as const;

function defaultBase(context: GitHubContext): string {
  if (context.baseSha) return context.baseSha;
  const found = ['origin/HEAD', 'origin/main', 'main', 'origin/master', 'master'].find((ref) => isCommit(ref));
  if (!found) throw new UserError('no base to compare with: pass --base BRANCH (the branch the pull request merges into)');
  return found;
}

/** A repository-relative path of a run's checkout, placed in `dir` (absolute paths stay as they are). */
const inTree = (dir: string | undefined, p: string) => (dir === undefined || path.isAbsolute(p) ? p : path.join(dir, p));

/** A message about a file in a worktree, naming it as the repository does. */
const unTree = (text: string, dir: string | undefined) => (dir === undefined ? text : text.split(`${dir}${path.sep}`).join(''));

/** A report made in a worktree names its files as they are named in the repository, like the head's. */
function relocate(report: Report, dir: string): Report {
  const rel = (p: string) => {
    const r = path.relative(dir, path.resolve(p));
    return r.startsWith('..') || path.isAbsolute(r) ? p : r.split(path.sep).join('/');
  };
  return {
    ...report,
    dataset: { ...report.dataset, path: rel(report.dataset.path) },
    variants: report.variants.map((v) => (v.path === undefined ? v : { ...v, path: rel(v.path) })),
  };
}

/**
 * The pull-request flow: find what changed since the merge base; when nothing relevant did, say so
 * and stop (the cheap run). Otherwise evaluate the head's variants and the merge base's (checked out
 * in a temporary worktree, run with the head's code), gate and diff them, write the reports and one
 * markdown body, append it to the step summary and post it as the pull request's sticky comment.
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
  const baseRef = options.base ?? defaultBase(context);
  const headRef = options.head ?? 'HEAD';
  const workingTree = headRef === 'HEAD';
  const baseCommit = resolveCommit(baseRef);
  const headCommit = resolveCommit(headRef);
  const base = mergeBase(baseCommit, headCommit);
  const variantSpecs = (options.variants ?? [project.variants ?? DEFAULT_VARIANTS].flat()).flatMap((s) => s.split(',')).filter(Boolean);
  const dataset = options.dataset ?? project.dataset ?? DEFAULT_DATASET;
  const changed = changedFiles(base, workingTree ? undefined : headCommit);
  const dataPaths = [...variantSpecs, dataset];
  const relevant = relevantChanges(changed, [...dataPaths, ...(options.gateConfig ? [options.gateConfig] : []), ...(options.config ? [options.config] : [])]);
  const meta: CommentMeta = {
    baseRef,
    mergeBase: base,
    head: headCommit,
    workingTree,
    backend: 'offline',
    notes: [],
    ...(context.runUrl && { runUrl: context.runUrl }),
  };

  const outDir = options.outDir ?? path.join('reports', 'pr');
  mkdirSync(outDir, { recursive: true });
  // A file left by an earlier run must not pass for this run's.
  for (const f of OUT_FILES) rmSync(path.join(outDir, f), { force: true });
  const files: string[] = [];
  const write = (name: (typeof OUT_FILES)[number], text: string) => {
    const file = path.join(outDir, name);
    writeFileSync(file, text);
    files.push(file);
  };

  const publish = async (body: string, onlyUpdate: boolean): Promise<StickyResult | undefined> => {
    write('comment.md', body);
    if (context.stepSummary) {
      try {
        appendFileSync(context.stepSummary, `${body}\n`);
      } catch (e) {
        warn(`cannot write the step summary (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      }
    }
    if (options.comment === false) return undefined;
    if (!context.token || !context.repository || context.pullNumber === undefined) {
      if (context.pullNumber !== undefined) warn('no GITHUB_TOKEN or GITHUB_REPOSITORY: not commenting on the pull request');
      return undefined;
    }
    const client = createGitHubClient({ apiUrl: context.apiUrl, token: context.token, repository: context.repository });
    try {
      const result = await upsertStickyComment(client, context.pullNumber, MARKER, body, onlyUpdate);
      if (result) log(`${result.action} the pull request's labelgate comment${result.url ? `: ${result.url}` : ''}`);
      return result;
    } catch (e) {
      if (!(e instanceof GitHubApiError)) throw e;
      const readOnly = e.status === 403 || e.status === 404;
      warn(
        readOnly
          ? `cannot comment on the pull request (${e.status}${context.fork ? ', a pull request from a fork gets a read-only token' : ', the token may lack pull-requests: write'}); the step summary has the result. ${e.message}`
          : `cannot comment on the pull request; the step summary has the result. ${e.message}`,
      );
      return undefined;
    }
  };

  if (relevant.length === 0) {
    log(`nothing relevant changed since the merge base ${base.slice(0, 7)}: eval skipped`);
    const body = composeSkipped(changed, meta);
    // A comment from an earlier push (since reverted) must not stay up; a new one is not needed.
    const comment = await publish(body, true);
    return { exitCode: 0, skipped: true, body, ...(comment && { comment }), files, warnings };
  }

  const { backend, note } = chooseBackend(options.backend, project.backend, (env.OPENAI_API_KEY ?? '') !== '', context.fork);
  if (note) meta.notes.push(note);
  meta.backend = backend;
  const requestedModel = options.model ?? project.model;
  const common: Omit<EvalOptions, 'variants' | 'dataset'> = {
    split: options.split ?? project.split ?? 'all',
    backend,
    concurrency: options.concurrency ?? project.concurrency ?? DEFAULT_CONCURRENCY,
    ...(project.map && { map: project.map }),
    ...(requestedModel !== undefined && { model: requestedModel }),
    ...((options.baseURL ?? project.baseURL) !== undefined && { baseURL: options.baseURL ?? project.baseURL }),
    ...(project.timeoutMs !== undefined && { timeoutMs: project.timeoutMs }),
  };
  const dataFolders = dataPaths.map((p) => p.replace(/\\/g, '/').replace(/^\.\//, ''));
  const code = relevant.filter((f) => !f.startsWith('prompts/') && !f.startsWith('datasets/') && !dataFolders.some((d) => f === d || f.startsWith(d.endsWith('/') ? d : `${d}/`)));
  if (code.length > 0) meta.codeChanged = code;

  // Loaded only now, so the cheap run never imports the eval machinery.
  const { evaluate } = await import('../cli/commands/eval.ts');
  const { checkConfigLabels, GATE_CONFIG_FILE, loadGateConfig } = await import('../gate/config.ts');
  const { evaluateGate } = await import('../gate/evaluate.ts');
  const { diffReports } = await import('../diff/diff.ts');
  const { writeReport } = await import('../report/io.ts');

  const worktrees: Worktree[] = [];
  const removeWorktrees = () => {
    for (const wt of worktrees.splice(0)) wt.remove();
  };
  // Ctrl-C or a cancelled CI job: take the temporary checkouts away, then die of the signal as usual.
  const onSignal = (signal: NodeJS.Signals) => {
    removeWorktrees();
    process.kill(process.pid, signal);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    let headDir: string | undefined;
    if (!workingTree) {
      const wt = addWorktree(headCommit);
      worktrees.push(wt);
      headDir = path.join(wt.dir, prefix);
    }
    log(`evaluating the head (${short(headCommit)}${workingTree ? ', working tree' : ''}) on the ${backend} backend`);
    let head: Report;
    let loaded: LoadedGateConfig;
    try {
      const gateFile = options.gateConfig ?? (headDir && existsSync(inTree(headDir, GATE_CONFIG_FILE)) ? inTree(headDir, GATE_CONFIG_FILE) : undefined);
      loaded = loadGateConfig(gateFile);
      const result = await evaluate({
        ...common,
        variants: variantSpecs.map((s) => inTree(headDir, s)),
        dataset: inTree(headDir, dataset),
        lockFile: inTree(headDir, LOCK_FILE),
      });
      head = headDir ? relocate(result.report, headDir) : result.report;
      const judged = head.variants.filter((v) => loaded.config.variants === undefined || loaded.config.variants.includes(v.name));
      checkConfigLabels(loaded, new Set(judged.flatMap((v) => v.labels)));
      for (const w of result.warnings.map((m) => unTree(m, headDir))) {
        warn(w);
        meta.notes.push(w);
      }
    } catch (e) {
      // The author sees why on the pull request, not only in the log; the exit code stays 2.
      if (!isUserError(e)) throw e;
      const error = headDir ? new UserError(unTree(e.message, headDir), e.file && unTree(e.file, headDir), e.line) : e;
      await publish(composeInvalid(error, meta), false);
      throw error;
    }
    const model = head.variants[0]?.model;
    if (model !== undefined) meta.model = model;

    const baseTree = addWorktree(base);
    worktrees.push(baseTree);
    const baseDir = path.join(baseTree.dir, prefix);
    const baseSpecs = variantSpecs.filter((s) => existsSync(inTree(baseDir, s)));
    let baseline: Report | undefined;
    if (baseSpecs.length === 0) {
      meta.notes.push(`The merge base has none of the variants (${variantSpecs.join(', ')}): no baseline, only the absolute rules apply.`);
    } else {
      let baseDataset = inTree(baseDir, dataset);
      if (!existsSync(baseDataset)) {
        baseDataset = inTree(headDir, dataset);
        meta.notes.push(`${dataset} is new in this pull request: the base's variants were evaluated on it too.`);
      }
      log(`evaluating the merge base (${short(base)}) on the ${backend} backend`);
      try {
        const result = await evaluate({ ...common, variants: baseSpecs.map((s) => inTree(baseDir, s)), dataset: baseDataset, lockFile: inTree(baseDir, LOCK_FILE) });
        baseline = relocate(result.report, baseDir);
        // A dataset new in the pull request was read from the head's worktree.
        if (headDir) baseline = relocate(baseline, headDir);
      } catch (e) {
        if (!isUserError(e)) throw e;
        const why = unTree(e.format(), baseDir);
        warn(`the merge base could not be evaluated: ${why}`);
        meta.notes.push(`The merge base's variants could not be evaluated with this pull request's code (${why}): no baseline, only the absolute rules apply.`);
      }
    }

    writeReport(path.join(outDir, 'head.json'), head);
    files.push(path.join(outDir, 'head.json'));
    if (baseline) {
      writeReport(path.join(outDir, 'base.json'), baseline);
      files.push(path.join(outDir, 'base.json'));
    }

    const config = loaded.config;
    const gate = evaluateGate(head, baseline, config);
    const diff = baseline ? diffReports(baseline, head, { bootstrap: config.regression.bootstrap }) : undefined;
    write('gate.json', `${JSON.stringify(gate, null, 2)}\n`);
    const body = composeComment(gate, diff, meta);
    const comment = await publish(body, false);
    return {
      exitCode: gate.verdict === 'pass' ? 0 : 1,
      skipped: false,
      body,
      gate,
      ...(diff && { diff }),
      head,
      ...(baseline && { base: baseline }),
      ...(comment && { comment }),
      files,
      warnings,
    };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    removeWorktrees();
  }
}

const short = (sha: string) => sha.slice(0, 7);

/** The comment when the head itself is bad input (a variant that does not load, a bad gate rule). */
function composeInvalid(error: UserError, meta: CommentMeta): string {
  return [
    MARKER,
    '## labelgate: ❌ this pull request could not be evaluated',
    '',
    `The head ${meta.workingTree ? 'working tree' : 'commit'} ${short(meta.head)} is not valid input:`,
    '',
    '```text',
    error.format().replace(/`{3,}/g, '``'),
    '```',
    '',
    'Fix it and push again; `npx labelgate eval` shows the same error locally.',
    '',
  ].join('\n');
}
