// Component tests: React components rendered into jsdom with Testing Library, against a fake
// catalog API (src/testing/fake-catalog.ts) that answers like catalog-service does.
const preset = require('../../jest.preset.js');

/** @type {import('jest').Config} */
module.exports = {
  displayName: 'console',
  reporters: preset.reporters,
  testTimeout: preset.testTimeout,
  rootDir: __dirname,
  testEnvironment: 'jsdom',
  testMatch: [
    '<rootDir>/src/**/*.spec.ts',
    '<rootDir>/src/**/*.spec.tsx',
    '<rootDir>/serve/**/*.spec.ts',
  ],
  moduleFileExtensions: ['tsx', 'ts', 'js', 'json'],
  setupFilesAfterEnv: ['<rootDir>/src/testing/setup-tests.ts'],
  transform: {
    '^.+\\.tsx?$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', tsx: true },
          transform: { react: { runtime: 'automatic' } },
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
};
