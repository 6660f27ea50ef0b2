#!/usr/bin/env node
// Writes the Nx project files of a new lib or app: project.json (tags and targets), the
// tsconfig trio, Jest configs for unit and integration specs, the ESLint config, and the
// `@concord/<name>` path alias. The code and its README are the author's to write.
//
//   node tools/scripts/scaffold-project.mjs lib model --scope shared --type domain
//   node tools/scripts/scaffold-project.mjs lib simulators/stripe --scope simulator --type feature
//   node tools/scripts/scaffold-project.mjs app catalog-service --scope catalog --e2e
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function parse(argv) {
  const [kind, name, ...rest] = argv;
  if (!['lib', 'app'].includes(kind) || !name) {
    throw new Error(
      'usage: scaffold-project.mjs lib|app <name> --scope S [--type T] [--no-int] [--e2e]',
    );
  }
  const options = {
    kind,
    name,
    scope: undefined,
    type: kind === 'app' ? 'app' : undefined,
    int: true,
    e2e: false,
  };
  for (let i = 0; i < rest.length; i += 1) {
    if (rest[i] === '--scope') options.scope = rest[++i];
    else if (rest[i] === '--type') options.type = rest[++i];
    else if (rest[i] === '--no-int') options.int = false;
    else if (rest[i] === '--e2e') options.e2e = true;
    else throw new Error(`unknown option ${rest[i]}`);
  }
  if (!options.scope || !options.type) throw new Error('--scope and --type are required');
  return options;
}

const write = (file, content) => {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(
    file,
    typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`,
  );
};

function main() {
  const o = parse(process.argv.slice(2));
  const projectRoot = join(o.kind === 'app' ? 'apps' : 'libs', o.name);
  const abs = join(root, projectRoot);
  if (existsSync(join(abs, 'project.json'))) throw new Error(`${projectRoot} exists already`);
  const up = relative(abs, root);
  const projectName = o.name.replace(/\//g, '-');
  const targets = {
    test: { executor: '@nx/jest:jest', options: { jestConfig: `${projectRoot}/jest.config.cjs` } },
  };
  if (o.int) {
    targets['int-test'] = {
      executor: '@nx/jest:jest',
      options: { jestConfig: `${projectRoot}/jest.int.config.cjs`, runInBand: true },
    };
  }
  if (o.e2e) {
    targets.e2e = {
      executor: '@nx/jest:jest',
      options: { jestConfig: `${projectRoot}/jest.e2e.config.cjs`, runInBand: true },
    };
  }
  write(join(abs, 'project.json'), {
    name: projectName,
    $schema: `${up}/node_modules/nx/schemas/project-schema.json`,
    sourceRoot: `${projectRoot}/src`,
    projectType: o.kind === 'app' ? 'application' : 'library',
    tags: [`scope:${o.scope}`, `type:${o.type}`],
    targets,
  });
  write(join(abs, 'tsconfig.json'), {
    extends: `${up}/tsconfig.base.json`,
    files: [],
    include: [],
    references: [{ path: `./tsconfig.${o.kind}.json` }, { path: './tsconfig.spec.json' }],
  });
  write(join(abs, `tsconfig.${o.kind}.json`), {
    extends: './tsconfig.json',
    compilerOptions: { outDir: `${up}/dist/out-tsc`, types: ['node'] },
    include: ['src/**/*.ts'],
    exclude: ['src/**/*.spec.ts', 'src/**/*.int-spec.ts', 'src/**/*.e2e-spec.ts', 'test/**/*.ts'],
  });
  write(join(abs, 'tsconfig.spec.json'), {
    extends: './tsconfig.json',
    compilerOptions: { outDir: `${up}/dist/out-tsc`, types: ['jest', 'node'] },
    include: ['src/**/*.ts', 'test/**/*.ts'],
  });
  const jest = (suffix, match) =>
    [
      `/** @type {import('jest').Config} */`,
      `module.exports = {`,
      `  displayName: '${projectName}${suffix}',`,
      `  preset: '${up}/jest.preset.js',`,
      `  rootDir: __dirname,`,
      `  testMatch: ['<rootDir>/**/*.${match}.ts'],`,
      `};`,
      '',
    ].join('\n');
  write(join(abs, 'jest.config.cjs'), jest('', 'spec'));
  if (o.int) write(join(abs, 'jest.int.config.cjs'), jest(':int', 'int-spec'));
  if (o.e2e) write(join(abs, 'jest.e2e.config.cjs'), jest(':e2e', 'e2e-spec'));
  write(
    join(abs, 'eslint.config.mjs'),
    `import baseConfig from '${up}/eslint.config.mjs';\n\nexport default [...baseConfig];\n`,
  );
  if (o.kind === 'lib') {
    if (!existsSync(join(abs, 'src', 'index.ts')))
      write(join(abs, 'src', 'index.ts'), 'export {};\n');
    const base = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8'));
    base.compilerOptions.paths[`@concord/${o.name}`] = [`${projectRoot}/src/index.ts`];
    base.compilerOptions.paths = Object.fromEntries(
      Object.entries(base.compilerOptions.paths).sort(([a], [b]) => a.localeCompare(b)),
    );
    write(join(root, 'tsconfig.base.json'), base);
  }
  spawnSync(
    'npx',
    ['prettier', '--write', projectRoot, 'tsconfig.base.json', '--log-level', 'warn'],
    { cwd: root, stdio: 'inherit' },
  );
  process.stdout.write(`created ${projectRoot} (${projectName})\n`);
}

main();
