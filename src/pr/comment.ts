import type { ReportDiff } from '../diff/report-diff.ts';
import type { GateResult } from '../gate/types.ts';
import { renderDiffMarkdown } from '../render/diff-markdown.ts';
import { shortSha as short } from '../core/hash.ts';
import { excerpt } from '../core/text.ts';
import { mdCode, mdText } from '../render/escape.ts';
import { renderGateMarkdown } from '../render/gate-markdown.ts';
import { count } from '../render/format.ts';
import { GITHUB_COMMENT_LIMIT } from '../render/md-budget.ts';

/**
 * The pull request's one labelgate comment is found again by this hidden first line; every push
 * rewrites that comment instead of adding another.
 */
export const MARKER = '<!-- labelgate:eval-diff -->';

export interface CommentMeta {
  /** What the user named as the base (a branch or, in CI, a commit). */
  baseRef: string;
  /** The merge base of base and head: the commit whose variants are the baseline. */
  mergeBase: string;
  head: string;
  /** The head is the working tree, with edits not yet committed. */
  workingTree?: boolean;
  backend: string;
  model?: string;
  /** Things the reader must know about this run (backend fallback, no baseline and why…). */
  notes: string[];
  /** Changed files outside prompts/ and datasets/ (code, config): both sides ran with the head's. */
  codeChanged?: string[];
  /** The workflow run, whose artifacts hold the reports. */
  runUrl?: string;
}

/** Keeps room for the separators and the last lines GitHub would otherwise cut. */
const SLACK = 64;
/** Below this a diff says nothing useful; the reports are in the artifacts. */
const MIN_DIFF_CHARS = 600;

function whatRan(meta: CommentMeta): string {
  const head = meta.workingTree ? `the working tree at ${mdCode(short(meta.head))}` : mdCode(short(meta.head));
  const base = short(meta.baseRef) === short(meta.mergeBase) ? mdCode(short(meta.mergeBase)) : `${mdCode(short(meta.mergeBase))} (merge base with ${mdCode(excerpt(meta.baseRef, 60))})`;
  const backend = meta.model === undefined ? meta.backend : `${meta.backend}/${meta.model}`;
  return `Prompt variants of ${head} against ${base} · backend ${mdCode(backend)}`;
}

function footer(meta: CommentMeta): string {
  const lines: string[] = [];
  if (meta.codeChanged && meta.codeChanged.length > 0) {
    lines.push(
      `This pull request also changes code or configuration (${listFiles(meta.codeChanged, 5)}). Both sides ran with this code, so the diff shows what the prompt and data changes do; a change in the classifier itself shows in the absolute rules.`,
    );
  }
  const where = meta.runUrl ? `[this run](${meta.runUrl})'s artifacts` : '`reports/pr/`';
  lines.push(`<sub>Updated in place on every push by \`labelgate pr\`. Reports: ${where}. Locally: ${mdCode(`npx labelgate pr --base ${excerpt(short(meta.baseRef), 60)}`)}.</sub>`);
  return lines.join('\n\n');
}

function listFiles(files: readonly string[], max: number): string {
  const shown = files.slice(0, max).map((f) => mdCode(excerpt(f, 80)));
  return `${shown.join(', ')}${files.length > max ? `, and ${count(files.length - max)} more` : ''}`;
}

/**
 * The comment (and step summary) for an evaluated pull request: the marker, the verdict, what was
 * compared, the gate's rules and the diff, within GitHub's 65,536-character limit. The gate comes
 * first and is cut last; the diff gets what is left. Pure.
 */
export function composeComment(gate: GateResult, diff: ReportDiff | undefined, meta: CommentMeta, maxChars = GITHUB_COMMENT_LIMIT): string {
  const verdict = gate.verdict === 'pass' ? '✅ the gate passes' : '❌ the gate fails';
  const head = [MARKER, `## labelgate: ${verdict}`, '', whatRan(meta), ...meta.notes.map((n) => `\n> **Note:** ${mdText(n)}`)].join('\n');
  const end = footer(meta);
  const sep = '\n\n';
  let budget = maxChars - SLACK - head.length - end.length - 3 * sep.length;
  const gateMd = renderGateMarkdown(gate, { maxChars: Math.max(0, budget - (diff ? MIN_DIFF_CHARS : 0)) }).trimEnd();
  budget -= gateMd.length;
  let diffMd: string;
  if (!diff) diffMd = '_No diff: there is no baseline to compare with._';
  else if (budget < MIN_DIFF_CHARS) diffMd = '_The diff did not fit in this comment; see the reports._';
  else diffMd = renderDiffMarkdown(diff, { maxChars: budget }).trimEnd();
  return `${[head, gateMd, diffMd, end].join(sep)}\n`;
}

/** The comment for a pull request whose changes cannot change an evaluation: the cheap run. Pure. */
export function composeSkipped(changed: readonly string[], meta: Pick<CommentMeta, 'baseRef' | 'mergeBase' | 'head' | 'workingTree' | 'runUrl'>): string {
  const head = meta.workingTree ? `the working tree at ${mdCode(short(meta.head))}` : mdCode(short(meta.head));
  const lines = [
    MARKER,
    '## labelgate: ⏭️ eval skipped, nothing relevant changed',
    '',
    `Between the merge base ${mdCode(short(meta.mergeBase))} and ${head} no prompt, dataset, provider, source or configuration file changed, so the classifier's results cannot have changed. Nothing was evaluated and the gate had nothing to judge.`,
  ];
  if (changed.length > 0) {
    lines.push('', `<details><summary>${count(changed.length)} changed file(s), none relevant</summary>`, '', listFiles(changed, 50), '', '</details>');
  }
  lines.push('', `<sub>\`labelgate pr\` · ${meta.runUrl ? `[this run](${meta.runUrl})` : 'local run'}</sub>`);
  return `${lines.join('\n')}\n`;
}
