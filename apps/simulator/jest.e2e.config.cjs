/** @type {import('jest').Config} */
module.exports = {
  displayName: 'simulator:e2e',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.e2e-spec.ts'],
};
