/** @type {import('jest').Config} */
module.exports = {
  displayName: 'example-consumer',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.spec.ts'],
};
