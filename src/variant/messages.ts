import type { Variant } from './schema.ts';

export interface ChatMessage {
  role: 'system' | 'user';
  content: string;
}

export interface CaseInput {
  query: string;
  document?: string;
}

/**
 * The static part of the prompt: system message, label definitions and examples. It depends on the
 * variant alone and comes first, byte-identical for every case, so providers' prompt caching applies.
 */
export function staticPrompt(v: Variant): string {
  const parts = [v.system.trim(), '', '## Labels'];
  for (const label of v.labels) {
    parts.push('', `### ${label.name}`, label.description.trim());
    if (label.examples.positive.length > 0) {
      parts.push('Examples of this label:', ...label.examples.positive.map((e) => `- ${e}`));
    }
    if (label.examples.negative.length > 0) {
      parts.push('Not this label:', ...label.examples.negative.map((e) => `- ${e}`));
    }
  }
  parts.push(
    '',
    '## Answer',
    `Answer with JSON {"label": one of ${v.labels.map((l) => JSON.stringify(l.name)).join(', ')}}.`,
    `If none of the specific labels fits, answer "${v.fallback}".`,
  );
  return parts.join('\n');
}

/** Fills the variant's user template; placeholders are replaced in one pass so case text is never re-expanded. */
export function userMessage(v: Variant, c: CaseInput): string {
  return v.template.replace(/\{\{\s*(query|document)\s*\}\}/g, (_, name: string) => (name === 'query' ? c.query : (c.document ?? '')));
}

export function buildMessages(v: Variant, c: CaseInput): ChatMessage[] {
  return [
    { role: 'system', content: staticPrompt(v) },
    { role: 'user', content: userMessage(v, c) },
  ];
}
