/** @type {import('jest').Config} */
module.exports = {
  displayName: 'event-contract',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.spec.ts'],
};
