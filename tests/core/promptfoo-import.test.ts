import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.ts';

/** In a process set up as the CLI's (tsx registered, which turns source maps on): the first frame of an error thrown inside promptfoo, and Node's setting after. */
function promptfooFrame(load: 'importPromptfoo' | 'import'): { frame: string; sourceMaps: boolean } {
  const script = `
    const { importPromptfoo } = await import(${JSON.stringify(pathToFileURL(path.join(ROOT, 'src/core/promptfoo-env.ts')).href)});
    const promptfoo = ${load === 'import' ? "await import('promptfoo')" : 'await importPromptfoo()'};
    const sourceMaps = process.sourceMapsEnabled;
    const error = await promptfoo.default.evaluate(null).catch((e) => e);
    console.log(JSON.stringify({ frame: error.stack.split('\\n')[1], sourceMaps }));`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1)!) as { frame: string; sourceMaps: boolean };
}

describe('importPromptfoo', () => {
  it("loads promptfoo with Node's source maps off (its frames unmapped), then turns them back on", () => {
    const plain = promptfooFrame('import');
    const quiet = promptfooFrame('importPromptfoo');
    // Loaded with maps on, Node maps promptfoo's frames (and keeps its maps); loaded with them off, it does not.
    expect(plain.frame).not.toContain('file://');
    expect(quiet.frame).toMatch(/\(file:\/\/.*promptfoo\/dist\/src\/index\.js:\d+:\d+\)/);
    expect(plain.sourceMaps).toBe(true);
    expect(quiet.sourceMaps).toBe(true);
  });
});
