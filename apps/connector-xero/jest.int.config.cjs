/** @type {import('jest').Config} */
module.exports = {
  displayName: 'connector-xero:int',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.int-spec.ts'],
};
