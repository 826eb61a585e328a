// ESLint: typescript-eslint on strict settings, plus the layer rules of STYLE.md
// (routes → services → models, never back).
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const globals = require('globals');

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
);
