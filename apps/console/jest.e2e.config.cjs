// The browser test: the built console (console-server) against catalog-service started as a
// process, driven with playwright-core through Debian's Chromium (/usr/bin/chromium).
/** @type {import('jest').Config} */
module.exports = {
  displayName: 'console:e2e',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
  testTimeout: 120_000,
};
