const { join } = require('node:path');

/** @type {import('jest').Config} */
module.exports = {
  displayName: 'connector-kit:security',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/security/**/*.security-spec.ts'],
  testTimeout: 60_000,
  reporters: [
    'default',
    join(__dirname, '../../tools/jest/summary-reporter.cjs'),
    join(__dirname, '../../tools/jest/security-reporter.cjs'),
  ],
};
