const { join } = require('node:path');

/** @type {import('jest').Config} */
module.exports = {
  displayName: 'connector-stripe:security',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/security/**/*.security-spec.ts'],
  // The specs start the apps as processes and fuzz them; each file prints into the ledger.
  testTimeout: 240_000,
  reporters: [
    'default',
    join(__dirname, '../../tools/jest/summary-reporter.cjs'),
    join(__dirname, '../../tools/jest/security-reporter.cjs'),
  ],
};
