import { readFileSync } from 'node:fs';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { UserError } from './errors.ts';

/** Reads a YAML file and validates it with a zod schema; every error names the file, line and field. */
export function loadYamlFile<S extends z.ZodType>(file: string, schema: S, text?: string): { value: z.infer<S>; text: string } {
  let source: string;
  try {
    source = text ?? readFileSync(file, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read file (${(e as NodeJS.ErrnoException).code ?? String(e)})`, file);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(source.replace(/^\uFEFF/, ''), { lineCounter, prettyErrors: false });
  const first = doc.errors[0];
  if (first) {
    throw new UserError(`invalid YAML: ${first.message.split('\n')[0]}`, file, lineCounter.linePos(first.pos[0]).line);
  }
  const result = schema.safeParse(doc.toJS());
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const path = issue.path.map(String);
    const field = path.length > 0 ? `${path.join('.')}: ` : '';
    const message = /received undefined$/.test(issue.message) ? 'is required' : issue.message;
    throw new UserError(`${field}${message}`, file, lineOf(doc, path, lineCounter));
  }
  return { value: result.data, text: source };
}

/** The line of the deepest node along `path` that exists (a missing field points at its parent). */
export function lineOf(doc: Document, path: string[], lineCounter: LineCounter): number {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n).map((p) => (/^\d+$/.test(p) ? Number(p) : p)), true);
    if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
  }
  return 1;
}
