import { createHash } from 'node:crypto';

/** sha256 of a text, hex, cut to `length` digits: enough to tell versions apart in a report. */
export function contentHash(text: string | Buffer, length = 16): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}
