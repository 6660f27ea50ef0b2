/** @type {import('jest').Config} */
module.exports = {
  displayName: 'example-consumer:e2e',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.e2e-spec.ts'],
};
