/** @type {import('jest').Config} */
module.exports = {
  displayName: 'kafka',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.spec.ts'],
};
