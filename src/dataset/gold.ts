import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import { firstIssue, UserError } from '../core/errors.ts';
import { appendDurable, readText, syncDir, writeFileAtomic } from '../core/files.ts';
import { jsonText } from '../core/text.ts';
import { parseJsonl } from './jsonl.ts';
import { CaseSchema } from './schema.ts';
import { ProposalSchema, type WeakCase } from './weak.ts';

/**
 * The gold file `labelgate review` writes: an ordinary dataset (`{id, query, document?, label?,
 * metadata?}` per line) whose `metadata.review` says how each label was decided. One line per case,
 * appended and flushed to disk the moment it is decided, so the file is the session's state: a
 * reopened session reads it to know what is done.
 */

export const DECISIONS = ['accepted', 'corrected', 'flagged'] as const;
export type DecisionKind = (typeof DECISIONS)[number];

/** A reviewer's decision on one case; flagged cases have no label (they are not gold). */
export interface Decision {
  id: string;
  decision: DecisionKind;
  label?: string;
  /** ISO 8601 time of the decision. */
  at: string;
}

export const ReviewRecordSchema = z.object({
  decision: z.enum(DECISIONS),
  proposal: ProposalSchema.nullable(),
  reviewer: z.string().min(1),
  at: z.string().min(1),
});
export type ReviewRecord = z.infer<typeof ReviewRecordSchema>;

/** The dataset line for a decided case: the case as it came, the label, and the decision's provenance. */
export function goldLine(c: WeakCase, d: Decision, reviewer: string): string {
  const review: ReviewRecord = { decision: d.decision, proposal: c.proposal, reviewer, at: d.at };
  const line = {
    id: c.id,
    query: c.query,
    ...(c.document !== undefined && { document: c.document }),
    ...(d.label !== undefined && { label: d.label }),
    metadata: { ...c.metadata, review },
  };
  return `${jsonText(line, 0)}\n`;
}

export interface GoldEntry extends Decision {
  line: number;
}

/** Reads the decisions already in a gold file, in file order (an absent file holds none). */
export function readGold(file: string, labels: readonly string[]): GoldEntry[] {
  if (!existsSync(file)) return [];
  const text = readText(file, 'gold file');
  if (text.trim() === '') return [];
  const rows = text.split(/\r?\n/);
  if (!text.endsWith('\n')) {
    // Every line is written whole and flushed; a last line without its newline is either whole (then it
    // only lacks the newline, added before anything is appended) or cut by a power loss or an editor.
    try {
      JSON.parse(rows[rows.length - 1]!);
    } catch {
      throw new UserError('the last line is incomplete (an interrupted write?): fix or remove it, then run review again', file, rows.length);
    }
  }
  const allowed = new Set(labels);
  const entries: GoldEntry[] = [];
  const seen = new Map<string, number>();
  for (const { line, value } of parseJsonl(text, file)) {
    const parsed = CaseSchema.safeParse(value);
    if (!parsed.success) throw new UserError(`not a gold line: ${issueText(parsed.error)}`, file, line);
    const review = ReviewRecordSchema.safeParse(parsed.data.metadata?.review);
    if (!review.success) throw new UserError(`metadata.review: ${issueText(review.error)} (give --out a file that review writes)`, file, line);
    const { id, label } = parsed.data;
    const { decision, at } = review.data;
    if (decision === 'flagged' && label !== undefined) throw new UserError(`case "${id}" is flagged but has a label`, file, line);
    if (decision !== 'flagged' && label === undefined) throw new UserError(`case "${id}" is ${decision} but has no label`, file, line);
    if (label !== undefined && !allowed.has(label)) throw new UserError(`label "${label}" is not in the label set (${labels.join(', ')})`, file, line);
    const first = seen.get(id);
    if (first !== undefined) throw new UserError(`duplicate id "${id}" (first on line ${first})`, file, line);
    seen.set(id, line);
    entries.push({ id, decision, ...(label !== undefined && { label }), at, line });
  }
  return entries;
}

function issueText(error: z.ZodError): string {
  const issue = firstIssue(error);
  return `${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}`;
}

/**
 * The gold file while a session writes it. Appends are durable (open, write the line, fsync); an undo
 * rewrites the file without the case's line, atomically (temporary file, fsync, rename), so at every
 * moment the file on disk holds at most one line per case and never a half-written one.
 */
export class GoldFile {
  private readonly ids: Set<string>;

  constructor(
    readonly path: string,
    decided: Iterable<string>,
  ) {
    this.ids = new Set(decided);
    // A whole last line without its newline: complete it, so the next append starts a line of its own.
    if (existsSync(path)) {
      const bytes = readFileSync(path);
      if (bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a) appendDurable(path, '\n');
    }
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  append(c: WeakCase, d: Decision, reviewer: string): void {
    // The session never asks a decided case; this guards the file's one-line-per-case rule all the same.
    if (this.ids.has(d.id)) throw new Error(`case "${d.id}" is already in ${this.path}`);
    appendDurable(this.path, goldLine(c, d, reviewer));
    this.ids.add(d.id);
  }

  remove(id: string): void {
    if (!this.ids.has(id)) return;
    const lines = readText(this.path, 'gold file').split('\n');
    const kept = lines.filter((l) => l.trim() === '' || lineId(l) !== id).filter((l) => l !== '');
    writeFileAtomic(this.path, kept.map((l) => `${l}\n`).join(''));
    syncDir(path.dirname(path.resolve(this.path)));
    this.ids.delete(id);
  }
}

function lineId(line: string): string | undefined {
  try {
    const id = (JSON.parse(line) as { id?: unknown }).id;
    return id === undefined ? undefined : String(id);
  } catch {
    return undefined;
  }
}

/**
 * Skipped cases are not gold and are not written to the gold file; this file next to it remembers
 * them only so that the next session asks them after the cases never seen. Losing it loses nothing
 * but that order.
 */
export const skippedFile = (goldFile: string): string => `${goldFile}.skipped`;

export function readSkipped(file: string): Set<string> {
  const ids = new Set<string>();
  if (!existsSync(file)) return ids;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const id = lineId(line);
    if (id !== undefined) ids.add(id);
  }
  return ids;
}

export function appendSkipped(file: string, id: string): void {
  appendDurable(file, `${jsonText({ id }, 0)}\n`);
}

export function removeSkipped(file: string): void {
  rmSync(file, { force: true });
}
