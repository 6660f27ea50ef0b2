/** @type {import('jest').Config} */
module.exports = {
  displayName: 'kafka-nest',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.spec.ts'],
};
