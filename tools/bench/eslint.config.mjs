import baseConfig from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    // The benches are test code run as programs: they read the environment and start the apps
    // through the testing lib's process harness.
    files: ['**/*.ts'],
    rules: { 'no-restricted-syntax': 'off', 'no-restricted-imports': 'off' },
  },
];
