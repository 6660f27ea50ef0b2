/** @type {import('jest').Config} */
module.exports = {
  displayName: 'connector-kit',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.spec.ts'],
};
