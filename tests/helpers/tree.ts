import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** Every file under `dir` but .git and node_modules, with its bytes, for byte-for-byte comparison. */
export function tree(dir: string, sub = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(path.join(dir, sub)).sort()) {
    if (sub === '' && (name === '.git' || name === 'node_modules')) continue;
    const rel = path.join(sub, name);
    if (statSync(path.join(dir, rel)).isDirectory()) Object.assign(out, tree(dir, rel));
    else out[rel] = readFileSync(path.join(dir, rel)).toString('base64');
  }
  return out;
}
