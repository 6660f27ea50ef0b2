/** @type {import('jest').Config} */
module.exports = {
  displayName: 'kafka-nest:int',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.int-spec.ts'],
};
