// ESLint: typescript-eslint on strict settings, plus the layer rules of STYLE.md
// (routes → services → models, never back).
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const globals = require('globals');
const fs = require('node:fs');
const path = require('node:path');

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
