import simpleImportSort from 'eslint-plugin-simple-import-sort';

import baseConfig from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    // The workspace rules name .ts files; the console's components are .tsx.
    files: ['**/*.tsx'],
    plugins: { 'simple-import-sort': simpleImportSort },
    rules: {
      'simple-import-sort/imports': 'error',
      'simple-import-sort/exports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
];
