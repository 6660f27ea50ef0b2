/** @type {import('jest').Config} */
module.exports = {
  displayName: 'connector-xero:e2e',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.e2e-spec.ts'],
  // Each spec file starts the simulator, catalog-service and the connector as processes.
  testTimeout: 180_000,
};
