import baseConfig from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    // The chaos suite is test code run as a program: it reads the test environment and drives
    // the apps through the testing lib's process harness.
    files: ['**/*.ts'],
    rules: { 'no-restricted-syntax': 'off', 'no-restricted-imports': 'off' },
  },
];
