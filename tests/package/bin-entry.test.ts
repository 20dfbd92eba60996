import { copyFileSync, mkdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCommand } from '../helpers/cli.ts';
import { tmpDir } from '../helpers/tmp.ts';

/**
 * Which code bin/labelgate.js starts: the real bin file, in a package folder whose entry points are
 * stand-ins that say which one ran. A checkout (src/ present) runs its sources even when a dist/ is
 * there, so a stale build never runs; the installed package (no src/) runs dist/.
 */
function packageFolder(): string {
  const dir = tmpDir({
    'package.json': '{"name": "labelgate", "type": "module"}',
    'dist/cli/main.js': "export async function main(argv) { console.log(`compiled ${argv.join(' ')}`); return 0; }\n",
  });
  mkdirSync(path.join(dir, 'bin'));
  copyFileSync(path.join(ROOT, 'bin', 'labelgate.js'), path.join(dir, 'bin', 'labelgate.js'));
  // tsx, for the sources, resolves from the package's own node_modules, as in a checkout.
  symlinkSync(realpathSync(path.join(ROOT, 'node_modules')), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

const start = (dir: string, args: string[]) => runCommand(process.execPath, [path.join(dir, 'bin', 'labelgate.js'), ...args], { cwd: dir });

describe('bin/labelgate.js', () => {
  it('an installed package (no src/): runs the compiled dist/', async () => {
    const dir = packageFolder();
    const r = await start(dir, ['gate', '--help']);
    expect([r.code, r.stdout, r.stderr]).toEqual([0, 'compiled gate --help\n', '']);
  });

  it('a checkout (src/ present): runs the TypeScript sources through tsx, never the dist/ beside them', async () => {
    const dir = packageFolder();
    mkdirSync(path.join(dir, 'src', 'cli'), { recursive: true });
    // Type annotations: only a TypeScript compiler gets this file to run.
    writeFileSync(path.join(dir, 'src', 'cli', 'main.ts'), "export async function main(argv: string[]): Promise<number> { console.log(`source ${argv.join(' ')}`); return 4; }\n");
    const r = await start(dir, ['diff', 'a.json']);
    expect([r.code, r.stdout, r.stderr]).toEqual([4, 'source diff a.json\n', '']);

    // Removing the sources (as packing does) hands over to dist/.
    rmSync(path.join(dir, 'src'), { recursive: true });
    expect((await start(dir, ['x'])).stdout).toBe('compiled x\n');
  });
});
