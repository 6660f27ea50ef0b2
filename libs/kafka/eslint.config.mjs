import baseConfig from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    // The one place kafkajs is imported: every other project goes through this lib.
    files: ['**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts', '**/test/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: '@concord/testing', message: 'The testing lib is for specs only.' }] },
      ],
    },
  },
];
