import { describe, expect, it } from 'vitest';
import { buildMessages, type CaseInput } from '../../src/variant/messages.ts';
import { loadVariant } from '../../src/variant/load.ts';
import { mulberry32 } from '../../src/metrics/random.ts';

/**
 * Prompt caching only pays off when every message before the case's own text is byte-identical
 * from case to case. These are properties over many generated cases, not examples.
 */

const variant = loadVariant(
  'prompts/routing/v3.yaml',
  `
name: v3
version: 3
changelog: examples per label
system: You route documentation questions to one label.
labels:
  - name: artifact
    description: Creating, versioning and managing stored artifacts.
    examples:
      positive: [How do I version a dataset artifact?]
      negative: [How do I plot a loss curve?]
  - name: visualisation
    description: Charts and dashboards.
  - name: other
    description: Everything else.
template: |
  Query: {{query}}
  Retrieved document: {{ document }}
  Once more, the query: {{query}}
`,
);

// Pieces chosen to break naive templating: placeholders, replace() patterns, braces, newlines, unicode.
const PIECES = ['{{document}}', '{{query}}', '{{ query }}', '$&', "$'", '$`', '$1', '$$', '{', '}}', '\n', '\\', 'Ünïcödé', '🙂', ' ', 'artifact', 'chart'];

function randomText(next: () => number, marker: string): string {
  const parts = [marker];
  const n = Math.floor(next() * 8);
  for (let i = 0; i < n; i++) parts.push(next() < 0.5 ? PIECES[Math.floor(next() * PIECES.length)]! : Math.floor(next() * 1e6).toString(36));
  return parts.join('');
}

function generateCases(count: number): CaseInput[] {
  const next = mulberry32(20240611);
  return Array.from({ length: count }, (_, i) => ({
    query: randomText(next, `Q${i}#`),
    ...(next() < 0.8 ? { document: randomText(next, `D${i}#`) } : {}),
  }));
}

/** The template filled by an independent method: split on placeholders, substitute, join. */
function expectedUser(c: CaseInput): string {
  return variant.template
    .split(/\{\{\s*(query|document)\s*\}\}/)
    .map((part, i) => (i % 2 === 0 ? part : part === 'query' ? c.query : (c.document ?? '')))
    .join('');
}

const cases = generateCases(300);

describe('buildMessages: the prompt-caching property', () => {
  it('every message but the last is byte-identical across cases', () => {
    const prefixes = new Set(cases.map((c) => JSON.stringify(buildMessages(variant, c).slice(0, -1))));
    expect(prefixes.size).toBe(1);
    const first = buildMessages(variant, cases[0]!);
    expect(first[0]!.role).toBe('system');
    expect(first.length).toBeGreaterThanOrEqual(2);
  });

  it('the case text appears only in the last message', () => {
    for (const [i, c] of cases.entries()) {
      const messages = buildMessages(variant, c);
      const last = messages.at(-1)!;
      expect(last.role).toBe('user');
      expect(last.content).toContain(c.query);
      if (c.document !== undefined) expect(last.content).toContain(c.document);
      for (const m of messages.slice(0, -1)) {
        expect(m.content).not.toContain(`Q${i}#`);
        expect(m.content).not.toContain(`D${i}#`);
      }
    }
  });

  it('the last message is the template filled once: case text is never re-expanded', () => {
    for (const c of cases) expect(buildMessages(variant, c).at(-1)!.content).toBe(expectedUser(c));
  });

  it('a query holding {{document}} or {{query}} stays literal', () => {
    const c = { query: 'what is {{document}} and {{query}}? $& $1', document: 'DOC {{query}}' };
    expect(buildMessages(variant, c).at(-1)!.content).toBe(
      'Query: what is {{document}} and {{query}}? $& $1\nRetrieved document: DOC {{query}}\nOnce more, the query: what is {{document}} and {{query}}? $& $1\n',
    );
  });
});
