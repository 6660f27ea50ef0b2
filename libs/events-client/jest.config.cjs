/** @type {import('jest').Config} */
module.exports = {
  displayName: 'events-client',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.spec.ts'],
};
