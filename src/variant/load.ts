import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/errors.ts';
import { canonicalJson, contentHash } from '../core/hash.ts';
import { loadYamlFile } from '../core/yaml.ts';
import { VariantFileSchema, type Variant } from './schema.ts';

/** Loads and validates one variant file; the task is the name of its folder. */
export function loadVariant(file: string, text?: string): Variant {
  const { value } = loadYamlFile(file, VariantFileSchema, text);
  const fallback = value.fallback ?? value.labels[value.labels.length - 1]!.name;
  return {
    ...value,
    fallback,
    task: path.basename(path.dirname(path.resolve(file))),
    path: file,
    hash: contentHash(canonicalJson({ ...value, fallback })),
  };
}

const isVariantFile = (f: string) => /\.ya?ml$/.test(f);

/**
 * Expands `--variants` arguments (files or folders, comma-separated) into variant files, sorted
 * within each folder so runs are reproducible.
 */
export function resolveVariantPaths(specs: string[]): string[] {
  const files: string[] = [];
  for (const spec of specs.flatMap((s) => s.split(',')).filter(Boolean)) {
    let stat;
    try {
      stat = statSync(spec);
    } catch {
      throw new UserError('no such variant file or folder', spec);
    }
    if (stat.isDirectory()) {
      const found = readdirSync(spec, { recursive: true, encoding: 'utf8' })
        .filter(isVariantFile)
        .sort()
        .map((f) => path.join(spec, f));
      if (found.length === 0) throw new UserError('folder holds no variant (.yaml) files', spec);
      files.push(...found);
    } else {
      files.push(spec);
    }
  }
  return [...new Set(files)];
}

/** Loads every variant named by `specs`; two variants of one task may not share a name. */
export function loadVariants(specs: string[]): Variant[] {
  const variants = resolveVariantPaths(specs).map((f) => loadVariant(f));
  const seen = new Map<string, string>();
  for (const v of variants) {
    const key = `${v.task}/${v.name}`;
    const other = seen.get(key);
    if (other) throw new UserError(`variant name "${v.name}" is also used by ${other}`, v.path);
    seen.set(key, v.path);
  }
  return variants;
}
