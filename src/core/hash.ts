/**
 * node:crypto, loaded by the first hash rather than by importing this file: the commands that only
 * read reports import it for `shortHash` and would otherwise load all of node:crypto for nothing.
 */
let crypto: typeof import('node:crypto') | undefined;

/** A new sha256 hash. */
export function sha256(): import('node:crypto').Hash {
  crypto ??= process.getBuiltinModule('node:crypto');
  return crypto.createHash('sha256');
}

/** sha256 of a text, hex, cut to `length` digits: enough to tell versions apart in a report. */
export function contentHash(text: string | Buffer, length = 16): string {
  return sha256().update(text).digest('hex').slice(0, length);
}

/** Canonical JSON (sorted keys), so a hash follows the content, not key order, comments or formatting. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A content hash as people read it in a sentence: 12 hex digits, any `sha256:` prefix dropped. */
export const shortHash = (hash: string): string => hash.replace(/^sha256:/, '').slice(0, 12);

/** A git commit as people read it: 7 hex digits; anything that is not a full sha (a branch name) as it is. */
export const shortSha = (ref: string): string => (/^[0-9a-f]{40,64}$/i.test(ref) ? ref.slice(0, 7) : ref);
