/** @type {import('jest').Config} */
module.exports = {
  displayName: 'outbox-relay',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.spec.ts'],
};
