/** @type {import('jest').Config} */
module.exports = {
  displayName: 'catalog-outbox',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.spec.ts'],
};
