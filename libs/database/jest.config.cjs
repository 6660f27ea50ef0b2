/** @type {import('jest').Config} */
module.exports = {
  displayName: 'database',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.spec.ts'],
};
