/** @type {import('jest').Config} */
module.exports = {
  displayName: 'catalog-service:int',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.int-spec.ts'],
  // Each file starts the app against the real broker and database; its readiness wait (45 s) must
  // fail with its own message (the unready checks), not with the hook's timeout.
  testTimeout: 60_000,
};
