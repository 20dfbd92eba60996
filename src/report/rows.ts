import { CaseRowSchema, type CaseRow } from './schema.ts';

/**
 * The per-case rows are nearly all of a large report, and validating them with zod is most of the
 * time it takes to read or write one. This checks a row by hand; a row it does not vouch for (a key
 * it does not know, a value of the wrong kind) goes to CaseRowSchema, so the result is always what
 * zod gives, and a schema field added without teaching this check costs speed, never correctness.
 */

const isCount = (x: unknown): boolean => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
const isAmount = (x: unknown): boolean => typeof x === 'number' && Number.isFinite(x) && x >= 0;
const isOptionalString = (x: unknown): boolean => x === undefined || typeof x === 'string';

function isTokens(x: unknown): boolean {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  for (const key in x) {
    const v = (x as Record<string, unknown>)[key];
    if (key === 'prompt' || key === 'completion' || key === 'total') {
      if (!isCount(v)) return false;
    } else if (key !== 'cached' || (v !== undefined && !isCount(v))) return false;
  }
  const t = x as Record<string, unknown>;
  return isCount(t.prompt) && isCount(t.completion) && isCount(t.total);
}

/** True when the row is a valid CaseRow with no key the schema would drop: zod would return it unchanged. */
export function isPlainCaseRow(x: unknown): x is CaseRow {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const r = x as Record<string, unknown>;
  if (typeof r.id !== 'string' || (r.gold !== null && typeof r.gold !== 'string') || typeof r.prediction !== 'string') return false;
  for (const key in r) {
    const v = r[key];
    switch (key) {
      case 'id':
      case 'gold':
      case 'prediction':
        break;
      case 'raw':
      case 'reason':
      case 'query':
        if (!isOptionalString(v)) return false;
        break;
      case 'latencyMs':
      case 'costUsd':
        if (v !== undefined && !isAmount(v)) return false;
        break;
      case 'tokens':
        if (v !== undefined && !isTokens(v)) return false;
        break;
      case 'runs':
        if (v !== undefined && !(Array.isArray(v) && v.length >= 2 && v.every((p) => typeof p === 'string'))) return false;
        break;
      case 'agreement':
        if (v !== undefined && !(typeof v === 'number' && v >= 0 && v <= 1)) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/**
 * The rows as CaseRowSchema parses them (the same array when every row is plain, else a copy), or
 * null when one is not a row: the caller then reports the problem through the whole schema.
 */
export function checkedRows(rows: unknown): CaseRow[] | null {
  if (!Array.isArray(rows)) return null;
  let out: unknown[] = rows;
  for (let i = 0; i < rows.length; i++) {
    if (isPlainCaseRow(rows[i])) continue;
    const parsed = CaseRowSchema.safeParse(rows[i]);
    if (!parsed.success) return null;
    if (out === rows) out = rows.slice();
    out[i] = parsed.data;
  }
  return out as CaseRow[];
}
