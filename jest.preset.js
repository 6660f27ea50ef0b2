// Shared Jest preset: SWC transpiles TypeScript (with decorator metadata for NestJS and TypeORM),
// `@concord/*` imports resolve to the libs' sources, and every run records its totals for the
// `npm test` summary (tools/jest/summary-reporter.cjs).
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const workspaceRoot = __dirname;
const { compilerOptions } = JSON.parse(
  readFileSync(join(workspaceRoot, 'tsconfig.base.json'), 'utf8'),
);
const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias.replace(/[/]/g, '\\/')}$`,
    join(workspaceRoot, target),
  ]),
);

module.exports = {
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', decorators: true },
          transform: {
            legacyDecorator: true,
            decoratorMetadata: true,
            useDefineForClassFields: false,
          },
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  reporters: ['default', join(workspaceRoot, 'tools/jest/summary-reporter.cjs')],
  testTimeout: 30_000,
};
