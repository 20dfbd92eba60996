import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { ROOT } from '../helpers/cli.ts';

/** Lints a snippet as if it were a file at `file` in the repository, with the project's own config. */
async function lint(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the layer rule (npm run lint)', () => {
  it('fails an import that points up a layer', async () => {
    const up = await lint('src/core/new-helper.ts', "import { evaluateGate } from '../gate/evaluate.ts';\nexport const x = evaluateGate;\n");
    expect(up).toHaveLength(1);
    expect(up[0]).toMatch(/src\/core\/ may import only itself/);
    const gateToRender = await lint('src/gate/new-rule.ts', "import { pct } from '../render/format.ts';\nexport const x = pct;\n");
    expect(gateToRender[0]).toMatch(/src\/gate\/ may import only itself, core, report, metrics, compare/);
    const deep = await lint('src/classifier/offline/new.ts', "import { evaluate } from '../../run/evaluate.ts';\nexport const x = evaluate;\n");
    expect(deep).toHaveLength(1);
    const toTests = await lint('src/run/new.ts', "import { ROOT } from '../../tests/helpers/cli.ts';\nexport const x = ROOT;\n");
    expect(toTests[0]).toMatch(/must not import tests/);
  });

  it('allows imports that point down or stay in the folder', async () => {
    expect(await lint('src/gate/new-rule.ts', "import { pairedCounts } from '../compare/pairing.ts';\nimport { mcnemarExact } from './mcnemar.ts';\nexport const x = [pairedCounts, mcnemarExact];\n")).toEqual([]);
    expect(await lint('src/cli/commands/new.ts', "import { evaluate } from '../../run/evaluate.ts';\nexport const x = evaluate;\n")).toEqual([]);
  });
});

describe('docs/architecture.md', () => {
  it('lists every folder of src/ with the folders the lint rule lets it use', async () => {
    // eslint.config.js is JavaScript with no declarations: its LAYERS are typed here.
    const config: string = path.join(ROOT, 'eslint.config.js');
    const layers = ((await import(config)) as { LAYERS: Record<string, string[]> }).LAYERS;
    const doc = readFileSync(path.join(ROOT, 'docs/architecture.md'), 'utf8');
    const rows = [...doc.matchAll(/^\| `([a-z]+)\/` \| .* \| ([^|]+) \|$/gm)].map((m) => [m[1]!, m[2]!.trim()] as const);
    const all = Object.keys(layers);
    const documented = Object.fromEntries(rows.map(([folder, uses]) => [folder, uses === 'nothing' ? [] : uses === 'everything' ? all.filter((f) => f !== folder) : uses.split(', ')]));
    expect(Object.keys(documented).sort()).toEqual([...all].sort());
    for (const folder of all) expect([folder, [...documented[folder]!].sort()]).toEqual([folder, [...layers[folder]!].sort()]);
  });
});

describe('exit codes', () => {
  const capture = async (run: () => Promise<number>) => {
    const lines: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => lines.push(args.map(String).join(' '));
    try {
      return { code: await run(), err: lines.join('\n') };
    } finally {
      console.error = original;
    }
  };
  const crashing = {
    boom: {
      summary: 'crashes',
      load: async () => async () => {
        throw new TypeError("Cannot read properties of undefined (reading 'x')");
      },
    },
  };

  it('an unexpected failure exits 3, says it is a bug, and shows the stack only when asked', async () => {
    const plain = await capture(() => main(['boom'], {}, crashing));
    expect(plain.code).toBe(3);
    expect(plain.err).toMatch(/^labelgate boom: unexpected failure: Cannot read properties of undefined/);
    expect(plain.err).toMatch(/--debug/);
    expect(plain.err).not.toMatch(/\n\s+at /);
    const debug = await capture(() => main(['boom', '--debug'], {}, crashing));
    expect(debug.code).toBe(3);
    expect(debug.err).toMatch(/\n\s+at /);
    const env = await capture(() => main(['boom'], { LABELGATE_DEBUG: '1' }, crashing));
    expect(env.err).toMatch(/\n\s+at /);
  });

  it('an unknown command or none is bad input (2); a command name cannot drive the terminal', async () => {
    const unknown = await capture(() => main(['\u001b]0;pwned\u0007nope'], {}, crashing));
    expect(unknown.code).toBe(2);
    expect(unknown.err).not.toMatch(/\u001b/);
    expect(unknown.err).toMatch(/unknown command "<U\+001B>\]0;pwned<U\+0007>nope"/);
  });
});
