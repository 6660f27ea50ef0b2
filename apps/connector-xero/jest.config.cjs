/** @type {import('jest').Config} */
module.exports = {
  displayName: 'connector-xero',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.spec.ts'],
};
