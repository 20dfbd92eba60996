import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type * as z from 'zod';
import { schemaError, UserError } from './errors.ts';
import { readText, stripBom } from './files.ts';

export interface YamlFile<T> {
  value: T;
  text: string;
  /** The line of a field path in the file (a missing field points at its parent), for errors found later. */
  lineOf(path: string[]): number;
}

/** Reads a YAML file (or `text`, standing for its content) and parses it; syntax errors name the file and line. */
export function parseYamlFile(file: string, text?: string): { doc: Document; text: string; lineOf: (path: string[]) => number } {
  const source = text === undefined ? readText(file) : stripBom(text);
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false });
  const first = doc.errors[0];
  if (first) {
    throw new UserError(`invalid YAML: ${first.message.split('\n')[0]}`, file, lineCounter.linePos(first.pos[0]).line);
  }
  return { doc, text: source, lineOf: (path) => lineOf(doc, path, lineCounter) };
}

/** Reads a YAML file and validates it with a zod schema; every error names the file, line and field. */
export function loadYamlFile<S extends z.ZodType>(file: string, schema: S, text?: string): YamlFile<z.infer<S>> {
  const parsed = parseYamlFile(file, text);
  const result = schema.safeParse(parsed.doc.toJS());
  if (!result.success) throw schemaError(result.error, file, { lineOf: parsed.lineOf });
  return { value: result.data, text: parsed.text, lineOf: parsed.lineOf };
}

/** The line of the deepest node along `path` that exists (a missing field points at its parent). */
export function lineOf(doc: Document, path: string[], lineCounter: LineCounter): number {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n).map((p) => (/^\d+$/.test(p) ? Number(p) : p)), true);
    if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
  }
  return 1;
}
