import { firstIssue, UserError } from '../core/errors.ts';
import { contentHash } from '../core/hash.ts';
import { fieldError, readJsonl } from './jsonl.ts';
import { CaseSchema, FIELDS, type Case, type Field, type FieldMap } from './schema.ts';
import { inSplit, type Split } from './split.ts';

export interface Dataset {
  path: string;
  /** sha256 of the file's bytes, first 16 hex digits. */
  hash: string;
  cases: Case[];
  mapping?: FieldMap;
}

/** Parses `id=query_id,document=matching_document` (target=source). */
export function parseFieldMap(spec: string | undefined, where = '--map'): FieldMap | undefined {
  if (spec === undefined || spec.trim() === '') return undefined;
  const map: FieldMap = {};
  for (const pair of spec.split(',')) {
    const [target, source, extra] = pair.split('=').map((s) => s.trim());
    if (!target || !source || extra !== undefined) throw new UserError(`"${pair}" is not FIELD=SOURCE_FIELD`, where);
    if (!(FIELDS as readonly string[]).includes(target)) throw new UserError(`unknown field "${target}" (one of ${FIELDS.join(', ')})`, where);
    map[target as Field] = source;
  }
  return map;
}

function applyMap(value: Record<string, unknown>, map: FieldMap | undefined): Record<string, unknown> {
  if (!map) return value;
  const out: Record<string, unknown> = { ...value };
  for (const [target, source] of Object.entries(map)) {
    if (target !== source) delete out[target];
    out[target] = value[source];
  }
  return out;
}

/** Loads and validates a dataset; every problem names the file and line. */
export function loadDataset(file: string, map?: FieldMap): Dataset {
  const { lines, text } = readJsonl(file);
  const cases: Case[] = [];
  const seen = new Map<string, number>();
  for (const { line, value } of lines) {
    const result = CaseSchema.safeParse(applyMap(value as Record<string, unknown>, map));
    if (!result.success) {
      const issue = firstIssue(result.error);
      const field = issue.path[0] ?? '';
      const source = map?.[field as Field];
      throw fieldError(file, line, value, field, issue.message, source);
    }
    // Onto zod's own fresh object: a spread copy here gives every case a hidden class of its own
    // after a few dozen (about 1 KB more per case of a large dataset, held for the whole run).
    const c: Case = Object.assign(result.data, { line });
    const first = seen.get(c.id);
    if (first !== undefined) throw new UserError(`duplicate id "${c.id}" (first on line ${first})`, file, line);
    seen.set(c.id, line);
    cases.push(c);
  }
  return { path: file, hash: contentHash(text), cases, ...(map ? { mapping: map } : {}) };
}

/** Checks that every gold label is one of `labels`. */
export function checkLabels(dataset: Dataset, labels: string[], variantPath?: string): void {
  const allowed = new Set(labels);
  for (const c of dataset.cases) {
    if (c.label !== undefined && !allowed.has(c.label)) {
      const owner = variantPath ? ` of ${variantPath}` : '';
      throw new UserError(`label "${c.label}" is not in the label set${owner} (${labels.join(', ')})`, dataset.path, c.line);
    }
  }
}

export function selectSplit(dataset: Dataset, split: Split): Case[] {
  return split === 'all' ? dataset.cases : dataset.cases.filter((c) => inSplit(c.id, split));
}

/** The labels that occur in a dataset: in the order of `declared` when given, then by first appearance. */
export function datasetLabels(cases: Case[], declared: string[] = []): string[] {
  const present = new Set(cases.flatMap((c) => (c.label === undefined ? [] : [c.label])));
  return [...new Set([...declared.filter((l) => present.has(l)), ...present])];
}
