/** @type {import('jest').Config} */
module.exports = {
  displayName: 'catalog-service:int',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.int-spec.ts'],
};
