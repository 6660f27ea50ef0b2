/** @type {import('jest').Config} */
module.exports = {
  displayName: 'connector-salesforce',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.spec.ts'],
};
