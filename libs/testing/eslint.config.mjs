import baseConfig from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    // The testing lib is test code: it reads the test environment and may import itself.
    files: ['**/*.ts'],
    rules: { 'no-restricted-syntax': 'off', 'no-restricted-imports': 'off' },
  },
];
