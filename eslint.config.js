// ESLint: typescript-eslint `strictTypeChecked` (type-aware) on server/, the promise rules
// (no-floating-promises, no-misused-promises) on test/, scripts/ and seed/, `recommended`
// elsewhere, plus the layer rules of STYLE.md (routes → services → models, never back).
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const globals = require('globals');
const fs = require('node:fs');
const path = require('node:path');

const TYPED_PARSER = { parserOptions: { projectService: true, tsconfigRootDir: __dirname } };

// Feature boundaries (issue #19): one folder per feature under server/features/, and no feature
// imports another; the core layers below import no feature and no web module. These use the
// typescript-eslint copy of no-restricted-imports so they add to the layer rules above instead of
// replacing them (two blocks setting the same rule for one file: the later one wins), and it
// catches `import type` and `export … from` as well.
const FEATURES_DIR = path.join(__dirname, 'server', 'features');
const FEATURES = fs
  .readdirSync(FEATURES_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const CORE_LAYERS = ['models', 'search', 'database', 'i18n', 'forms', 'auth'];
// Modules that hold what features share: importing a feature from there would bring the
// dependency between features back.
const SHARED = ['server/hsds/**/*.ts', 'server/view-models/**/*.ts', 'server/ports.ts'];
const escapeRegex = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// For a file `depth` folders below server/features/<feature>/, a relative import that climbs
// exactly `depth` levels lands in server/features/ itself: anything there but <feature> is
// another feature. Imports spelling out features/<other> are caught whatever the depth.
function featureBoundaryBlocks(feature) {
  const self = escapeRegex(feature);
  return [1, 2, 3].map((depth) => ({
    files: [`server/features/${feature}/${'*/'.repeat(depth - 1)}*.ts`],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^(\\.\\./){${depth}}(?!(${self}|\\.\\.?)(/|$))[^/]+|(^|/)features/(?!${self}(/|$))[^/]+`,
              message: `A feature imports no other feature: move what ${feature} shares to a non-feature module (server/models, server/forms, server/ports.ts, …).`,
            },
          ],
        },
      ],
    },
  }));
}

module.exports = tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'data/',
      '.cache/',
      'coverage/',
      'test-artifacts/',
      'scratch/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...tseslint.configs.strictTypeChecked.map((config) => ({ ...config, files: ['server/**/*.ts'] })),
  {
    files: ['server/**/*.ts'],
    languageOptions: TYPED_PARSER,
    rules: {
      // Mongoose declares timestamps and Date paths as its own `NativeDate` class, so every
      // document or lean record handed to a typed parameter is reported (it is the same Date at
      // run time); the rule is new and only noise here.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
      // A number in a message or a URL prints as itself (counts, ports, sizes, page numbers).
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `(req, res) => res.render(…)` and `() => void promise` one-liners are the house style
      // for Express handlers and callbacks; a void arrow body stays readable.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // `async` on a method that implements a promise-returning port (the in-memory search
      // engine, an async generator of rows already in memory) keeps its errors as rejections,
      // as callers expect, though it awaits nothing.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Promises must be awaited or handled everywhere: a forgotten await in a test or a script
    // passes silently and fails later (or never).
    files: ['test/**/*.ts', 'scripts/**/*.ts', 'seed/**/*.ts'],
    languageOptions: TYPED_PARSER,
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    files: ['**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['server/models/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/features/**', '**/web/**', '**/services', '**/app', 'express'],
              message: 'Models depend on nothing above them.',
            },
          ],
        },
      ],
    },
  },
  {
    files: [
      'server/features/**/*-service.ts',
      'server/features/**/*-view-models.ts',
      'server/search/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['express', '**/web/**', '**/*-routes'],
              message: 'Services never import Express or routes.',
            },
          ],
        },
      ],
    },
  },
  ...FEATURES.flatMap(featureBoundaryBlocks),
  {
    files: [...CORE_LAYERS.map((layer) => `server/${layer}/**/*.ts`), ...SHARED],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)(features|web)(/|$)',
              message: `${CORE_LAYERS.join(', ')} import no feature and no web module.`,
            },
          ],
        },
      ],
    },
  },
);
