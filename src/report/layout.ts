import { jsonSafe } from '../core/text.ts';
import type { Report } from './schema.ts';

/**
 * How a report is laid out as text. It is ordinary JSON, indented by two spaces, except that each
 * variant's case rows are written one compact row per line:
 *
 *       "cases": [
 *         {"id":"a-1","gold":"other","prediction":"other"},
 *         {"id":"a-2","gold":"artifact","prediction":"other"}
 *       ]
 *
 * A row per line keeps a large report readable and greppable at about two thirds of the size, and
 * lets a reader find the rows without parsing them (`splitRows`), so a command that first needs only
 * the metrics (compare's first frame) does not wait for 100,000 rows.
 */

const ROWS_INDENT = '        ';
const CASES_KEY = '      "cases": [';

/** `JSON.stringify(value, null, 2)` as it reads nested at `indent`. */
const nested = (value: unknown, indent: string) => JSON.stringify(value, null, 2).replaceAll('\n', `\n${indent}`);

/** The members of an object as JSON.stringify keeps them (no undefined values, no functions). */
function members(value: object): [string, unknown][] {
  return Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol');
}

/** The report's text in pieces, in the layout above; every piece is jsonText-safe. */
export function* reportText(report: Report): Generator<string> {
  const top = members(report);
  yield '{\n';
  for (const [i, [key, value]] of top.entries()) {
    yield `  ${JSON.stringify(key)}: `;
    if (key === 'variants' && Array.isArray(value) && value.length > 0) yield* variantsText(value as Report['variants']);
    else yield jsonSafe(nested(value, '  '));
    yield i < top.length - 1 ? ',\n' : '\n';
  }
  yield '}\n';
}

function* variantsText(variants: Report['variants']): Generator<string> {
  yield '[\n';
  for (const [v, variant] of variants.entries()) {
    // `cases` last, whatever order the object has: the reader finds a block's end by it.
    const fields = members(variant).sort(([a], [b]) => Number(a === 'cases') - Number(b === 'cases'));
    yield '    {\n';
    for (const [i, [key, value]] of fields.entries()) {
      yield `      ${JSON.stringify(key)}: `;
      if (key === 'cases' && Array.isArray(value) && value.length > 0) {
        yield '[\n';
        for (let r = 0; r < value.length; r++) yield `${ROWS_INDENT}${jsonSafe(JSON.stringify(value[r]))}${r < value.length - 1 ? ',' : ''}\n`;
        yield '      ]';
      } else yield jsonSafe(nested(value, '      '));
      yield i < fields.length - 1 ? ',\n' : '\n';
    }
    yield v < variants.length - 1 ? '    },\n' : '    }\n';
  }
  yield '  ]';
}

/** A report's bytes with each block of rows taken out: `head` parses to the report with every `cases` replaced by `placeholder(k)`. */
export interface SplitReport {
  head: Buffer;
  /** The k-th block of rows: the bytes of a JSON array. */
  rows: Buffer[];
  placeholder(k: number): string;
}

const OPEN = Buffer.from(`\n${CASES_KEY}\n`);
/** Where a block of rows ends: `cases` is written last, so its `]` closes the variant too. */
const CLOSE = Buffer.from('\n      ]\n    }');

/**
 * Where each block of rows starts (its `[`). A `[` followed by a line break never occurs inside a
 * block (JSON strings hold no raw line breaks), so looking for those is quick even over 100 MB.
 */
function openings(bytes: Buffer): number[] {
  const found: number[] = [];
  for (let at = bytes.indexOf('[\n', 0, 'latin1'); at >= 0; at = bytes.indexOf('[\n', at + 2, 'latin1')) {
    const from = at + 2 - OPEN.length;
    if (from >= 0 && bytes.compare(OPEN, 0, OPEN.length, from, at + 2) === 0) found.push(at);
  }
  return found;
}

/**
 * Finds the blocks of rows of a report written in the layout above, without parsing them. Each block
 * becomes a string placeholder in `head` (with a nonce of this read, so no string in the file can
 * pass for one). Sound for any input: a block and the head each either parse (and then the whole
 * text parses to the head with the blocks in place of their placeholders) or do not (and the caller
 * reads the file as a whole). Null when the file holds no such block.
 */
export function splitRows(bytes: Buffer): SplitReport | null {
  // Web Crypto's generator (as random as node:crypto's, and quicker to load for a command that
  // needs nothing else of node:crypto).
  const nonce = Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(16))).toString('hex');
  const placeholder = (k: number) => `\u0000rows:${nonce}:${k}`;
  const starts = openings(bytes);
  if (starts.length === 0) return null;
  const pieces: Buffer[] = [];
  const rows: Buffer[] = [];
  let from = 0;
  for (const [k, start] of starts.entries()) {
    // The block's end is the last variant end before the next block (or the end of the file).
    const close = bytes.lastIndexOf(CLOSE, (starts[k + 1] ?? bytes.length) - CLOSE.length);
    if (close < start) return null;
    const end = close + '\n      ]'.length;
    pieces.push(bytes.subarray(from, start), Buffer.from(JSON.stringify(placeholder(k))));
    rows.push(bytes.subarray(start, end));
    from = end;
  }
  pieces.push(bytes.subarray(from));
  return { head: Buffer.concat(pieces), rows, placeholder };
}
