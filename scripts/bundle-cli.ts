/**
 * `labelgate` the command as a few ES modules instead of about two hundred. Node 20 pays for every
 * module it resolves, reads and links, and zod alone is 95 files (its 50 locales included): linked
 * into chunks, a report-only command starts in about two thirds of the time (bench/RESULTS.md).
 *
 * esbuild links tsc's output (`dist/src/cli/main.js`, so the code is exactly what tsc compiled) into
 * `dist/cli/`, one chunk per lazily loaded command and shared chunks for the rest. zod, yaml and the
 * OpenAI SDK go inside (the SDK's zod helper then shares our zod); promptfoo, Ink, React and tsx stay
 * imports from node_modules, loaded only by the commands that use them. Run by `npm run build`.
 */
import { build, type Plugin } from 'esbuild';

const EXTERNAL = ['promptfoo', 'ink', 'react', 'tsx', 'string-width'];

/**
 * zod's namespace carries its 50 translations of error messages (about 350 kB of the chunk every
 * command loads); labelgate words its own errors and uses English only. Its import of all locales is
 * answered with English alone.
 */
const englishOnly: Plugin = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => (args.importer.includes(`${'node_modules'}/zod/`) ? { path: 'zod-locales', namespace: 'zod-english-only' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, () => ({ contents: "export { default as en } from 'zod/v4/locales/en.js';", resolveDir: process.cwd() }));
  },
};

await build({
  entryPoints: ['dist/src/cli/main.js'],
  outdir: 'dist/cli',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL.flatMap((p) => [p, `${p}/*`]),
  // yaml is CommonJS and requires Node's built-ins: give the ES module chunks a `require`.
  banner: { js: "import { createRequire as __labelgateRequire } from 'node:module'; const require = __labelgateRequire(import.meta.url);" },
  plugins: [englishOnly],
  logLevel: 'warning',
});
