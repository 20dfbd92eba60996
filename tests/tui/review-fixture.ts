import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { WeakCase } from '../../src/dataset/weak.ts';

export const REVIEW_LABELS = ['artifact', 'integrations', 'visualisation', 'other'];

export const HOSTILE_WEAK_ID = 'h\u001b]0;pwned\u0007-1';

/** A weak-label case: `opinions` as [variant, label]; the proposal is by v3@3.0.0 unless null. */
export function weak(id: string, proposal: string | null, opinions: [string, string][], more: Partial<WeakCase> = {}): WeakCase {
  const labels = opinions.map(([, l]) => l);
  return {
    id,
    query: `question ${id}`,
    document: `document of ${id}`,
    metadata: { source: 'chat' },
    proposal: proposal === null ? null : { label: proposal, by: 'v3@3.0.0', backend: 'offline' },
    opinions: opinions.map(([variant, label]) => ({ variant, label })),
    agreed: labels.every((l) => l === labels[0]),
    line: 0,
    ...more,
  };
}

/**
 * Seven cases in file order; the variants disagree on c2, c4 and c5 (asked first with
 * disagree-first), c5 has no proposal (v1 invalid, v3 error), the last one carries hostile text.
 */
export function reviewCases(): WeakCase[] {
  const cases = [
    weak('c1', 'artifact', [['v1@1.0.0', 'artifact'], ['v3@3.0.0', 'artifact']]),
    weak('c2', 'integrations', [['v1@1.0.0', 'other'], ['v3@3.0.0', 'integrations']]),
    weak('c3', 'visualisation', [['v1@1.0.0', 'visualisation'], ['v3@3.0.0', 'visualisation']]),
    weak('c4', 'other', [['v1@1.0.0', 'artifact'], ['v3@3.0.0', 'other']]),
    weak('c5', null, [['v1@1.0.0', 'invalid'], ['v3@3.0.0', 'error']]),
    weak('c6', 'other', [['v1@1.0.0', 'other'], ['v3@3.0.0', 'other']]),
    weak(HOSTILE_WEAK_ID, 'other', [['v1\u001b[31m@1.0.0', 'other'], ['v3@3.0.0', 'other']], {
      query: 'evil \u001b[2J\u001b[H query \u202eesrever\u202c end',
      document: 'first \u001b]8;;http://x\u0007link\u001b]8;;\u0007 para\n\nsecond \u2066para\u2069 \u001b[5mblink',
    }),
  ];
  return cases.map((c, i) => ({ ...c, line: i + 1 }));
}

/** The cases as a weak-label file (the `line` field is the loader's, not the file's). */
export function writeWeak(dir: string, cases: WeakCase[] = reviewCases(), name = 'weak.jsonl'): string {
  const file = path.join(dir, name);
  writeFileSync(file, cases.map(({ line: _line, ...c }) => `${JSON.stringify(c)}\n`).join(''));
  return file;
}
