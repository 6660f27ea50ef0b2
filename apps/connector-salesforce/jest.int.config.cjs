/** @type {import('jest').Config} */
module.exports = {
  displayName: 'connector-salesforce:int',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.int-spec.ts'],
};
