#!/usr/bin/env node
// Which code runs is decided by what sits beside this file, never by comparing timestamps:
// * src/ present (a checkout of labelgate, or a package linked to one): the TypeScript sources,
//   compiled by tsx as they load. There is no build step to remember, and a dist/ left behind by an
//   earlier `npm pack` is never run, however stale.
// * no src/ (the installed package: `files` in package.json ships dist/ and not src/): the JavaScript
//   that `npm pack` compiled and linked into dist/cli/, so nothing compiles at start-up and tsx is not
//   loaded.
import { existsSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

const fromSource = existsSync(new URL('../src/cli/main.ts', import.meta.url));

// Compiling dist/cli's JavaScript is a good part of a report-only command's start. Node 22.1 and
// later can keep the compiled code on disk (its own cache folder, NODE_COMPILE_CACHE, or none when
// NODE_DISABLE_COMPILE_CACHE is set) and reuse it on the next start; Node 20 has no such cache and
// compiles every time. A cache that cannot be written only means compiling as before.
if (!fromSource) {
  try {
    module.enableCompileCache?.();
  } catch {
    // Nothing to do: the command runs without the cache.
  }
}

// promptfoo's HTTP stack uses an experimental undici API; its warning says nothing to our users.
const emitWarning = process.emitWarning;
process.emitWarning = (warning, ...rest) =>
  (rest[0] === 'ExperimentalWarning' || rest[0]?.type === 'ExperimentalWarning') ? undefined : emitWarning.call(process, warning, ...rest);

try {
  // labelgate's own tsconfig (JSX and all), whatever folder the command runs in.
  if (fromSource) {
    const tsconfig = fileURLToPath(new URL('../tsconfig.json', import.meta.url));
    (await import('tsx/esm/api')).register(existsSync(tsconfig) ? { tsconfig } : {});
  }
  const { main } = await import(fromSource ? '../src/cli/main.ts' : '../dist/cli/main.js');
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  // Only a failure to load the CLI itself gets here; main() turns every other crash into exit 3.
  console.error(`labelgate: unexpected failure: ${e instanceof Error ? e.message : String(e)}`);
  if (process.argv.includes('--debug') || process.env.LABELGATE_DEBUG === '1') console.error(e);
  process.exitCode = 3;
}
