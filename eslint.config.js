import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layers of src/, bottom first: a folder may import only the folders listed for it (and itself).
 * docs/architecture.md explains each; `npm run lint` fails on an import that points up.
 */
export const LAYERS = {
  core: [],
  report: ['core'],
  dataset: ['core'],
  variant: ['core'],
  metrics: ['core', 'report'],
  compare: ['core', 'report', 'metrics'],
  gate: ['core', 'report', 'metrics', 'compare'],
  diff: ['core', 'report', 'metrics', 'compare'],
  render: ['core', 'report', 'metrics', 'compare', 'gate', 'diff'],
  classifier: ['core', 'report', 'dataset', 'variant'],
  promptfoo: ['core', 'report', 'dataset', 'variant', 'metrics', 'classifier'],
  run: ['core', 'report', 'dataset', 'variant', 'metrics', 'classifier', 'promptfoo'],
  tui: ['core', 'report', 'dataset', 'metrics', 'compare', 'gate', 'diff', 'render'],
  pr: ['core', 'report', 'dataset', 'variant', 'metrics', 'compare', 'gate', 'diff', 'render', 'classifier', 'run'],
  plugin: ['core', 'report', 'dataset', 'variant', 'metrics', 'render', 'classifier', 'promptfoo', 'run'],
  init: ['core', 'report', 'dataset', 'variant', 'metrics', 'compare', 'gate', 'diff', 'render', 'classifier', 'promptfoo', 'run', 'pr'],
  cli: ['core', 'report', 'dataset', 'variant', 'metrics', 'compare', 'gate', 'diff', 'render', 'classifier', 'promptfoo', 'run', 'pr', 'plugin', 'tui', 'init'],
};

const FOLDERS = Object.keys(LAYERS);

/**
 * `import * as z from 'zod'`, never `import { z }`: through the named import the bundler keeps every
 * module of zod (its JSON Schema reader, every schema type labelgate never uses) in the chunk that
 * every report-reading command loads, about twice the code (scripts/bundle-cli.ts).
 */
const zodNamespace = {
  files: ['src/**/*.ts', 'src/**/*.tsx'],
  rules: {
    'no-restricted-syntax': ['error', { selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier[imported.name='z']", message: "import * as z from 'zod' (see zodNamespace in eslint.config.js)." }],
  },
};

/** One `no-restricted-imports` block per folder: every folder it may not reach, by relative path. */
const layerRules = FOLDERS.map((folder) => {
  const forbidden = FOLDERS.filter((f) => f !== folder && !LAYERS[folder].includes(f));
  return {
    files: [`src/${folder}/**/*.ts`, `src/${folder}/**/*.tsx`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...(forbidden.length > 0
              ? [{ regex: `^(\\.\\./)+(${forbidden.join('|')})/`, message: `src/${folder}/ may import only ${['itself', ...LAYERS[folder]].join(', ')}: see docs/architecture.md.` }]
              : []),
            { regex: '^(\\.\\./)+(tests|bench|providers|bin|scripts)/', message: 'src/ must not import tests, benchmarks or entry points.' },
          ],
        },
      ],
    },
  };
});

export default tseslint.config(
  { ignores: ['node_modules/', 'reports/', '.labelgate/', 'coverage/', 'schema/', 'dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', performance: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly', fetch: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
    },
  },
  ...layerRules,
  zodNamespace,
);
