/** @type {import('jest').Config} */
module.exports = {
  displayName: 'model',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.spec.ts'],
};
