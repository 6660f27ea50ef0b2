/** @type {import('jest').Config} */
module.exports = {
  displayName: 'rate-limits:int',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.int-spec.ts'],
};
