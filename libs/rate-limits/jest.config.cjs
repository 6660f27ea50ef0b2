/** @type {import('jest').Config} */
module.exports = {
  displayName: 'rate-limits',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.spec.ts'],
};
