/** @type {import('jest').Config} */
module.exports = {
  displayName: 'outbox-relay:int',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.int-spec.ts'],
  // Each test drains a backlog through real relay processes, the broker and the database.
  testTimeout: 420_000,
};
