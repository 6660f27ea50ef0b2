/** @type {import('jest').Config} */
module.exports = {
  displayName: 'events-client:int',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.int-spec.ts'],
};
