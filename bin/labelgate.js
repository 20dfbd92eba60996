#!/usr/bin/env node
// Runs the TypeScript CLI directly: users get `npx labelgate` after `npm install`, no build step.
import { register } from 'tsx/esm/api';

// promptfoo's HTTP stack uses an experimental undici API; its warning says nothing to our users.
const emitWarning = process.emitWarning;
process.emitWarning = (warning, ...rest) =>
  (rest[0] === 'ExperimentalWarning' || rest[0]?.type === 'ExperimentalWarning') ? undefined : emitWarning.call(process, warning, ...rest);

register();
try {
  const { main } = await import('../src/cli/main.ts');
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  // Only a failure to load the CLI itself gets here; main() turns every other crash into exit 3.
  console.error(`labelgate: unexpected failure: ${e instanceof Error ? e.message : String(e)}`);
  if (process.argv.includes('--debug') || process.env.LABELGATE_DEBUG === '1') console.error(e);
  process.exitCode = 3;
}
