// Jest: TypeScript through ts-jest (transpile only: `npm run typecheck` does the type checking); one embedded FerretDB for the whole run (global setup), the demo directory seeded once per run (test/support/demo-template.ts), a fresh
// database per test file (test/support/test-app.ts).
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 30000,
  // Two cores: two workers keep the database and the CPU busy without thrashing.
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
