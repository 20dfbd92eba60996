import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { contentHash } from '../core/hash.ts';

/** Static relative imports: `import … from './x'`, `export … from './x'`, `import('./x')`, `require('./x')`, `import './x'`. */
const RELATIVE_IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"\n]+)\1/g;
const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.json'];

const isFile = (p: string) => existsSync(p) && statSync(p).isFile();

/** Resolves a relative specifier the way tsx and Node do for local files (`./x.js` may be `./x.ts`). */
function resolveLocal(from: string, specifier: string): string | undefined {
  const base = path.resolve(path.dirname(from), specifier.split(/[?#]/)[0]!);
  if (isFile(base)) return base;
  const swapped = base.replace(/\.(m|c)?jsx?$/, (_, k: string | undefined) => `.${k ?? ''}ts`);
  if (swapped !== base && isFile(swapped)) return swapped;
  if (swapped !== base && isFile(`${swapped}x`)) return `${swapped}x`;
  for (const ext of EXTENSIONS) if (isFile(base + ext)) return base + ext;
  for (const ext of EXTENSIONS) if (isFile(path.join(base, `index${ext}`))) return path.join(base, `index${ext}`);
  return undefined;
}

/**
 * The classifier's entry file and every local file it imports, transitively, by static relative
 * import (packages from node_modules are versioned by the lockfile, not here). Sorted, absolute.
 */
export function moduleFiles(entry: string): string[] {
  const seen = new Set<string>();
  const queue = [path.resolve(entry)];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file) || file.split(path.sep).includes('node_modules')) continue;
    seen.add(file);
    if (file.endsWith('.json')) continue;
    for (const m of readFileSync(file, 'utf8').matchAll(RELATIVE_IMPORT)) {
      const dep = resolveLocal(file, m[2]!);
      if (dep !== undefined) queue.push(dep);
    }
  }
  return [...seen].sort();
}

/** One hash over those files' paths (relative to the entry's folder) and contents: any edit to the classifier's code changes it. */
export function moduleHash(entry: string): { hash: string; files: string[] } {
  const files = moduleFiles(entry);
  const root = path.dirname(path.resolve(entry));
  const parts = files.map((f) => `${path.relative(root, f).split(path.sep).join('/')}\0${readFileSync(f, 'utf8')}`);
  return { hash: contentHash(parts.join('\0\0')), files };
}
