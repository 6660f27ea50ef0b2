/** @type {import('jest').Config} */
module.exports = {
  displayName: 'event-contract:int',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.int-spec.ts'],
};
