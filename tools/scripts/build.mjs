#!/usr/bin/env node
// Builds every app and lib to plain JavaScript under dist/ with one TypeScript program (which is
// also the type check of all production code), then makes `@concord/<lib>` resolvable at run time
// by writing tiny packages under dist/node_modules that point at the compiled libs. Apps then run
// as `node dist/apps/<app>/src/main.js`, with no ts-node and no path-alias loader. The console
// (apps/console, a React app) is built by build-console.mjs into dist/apps/console.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { buildConsole } from './build-console.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = join(root, 'dist');

export function build({ clean = false } = {}) {
  if (clean) rmSync(dist, { recursive: true, force: true });
  const tsc = spawnSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  // tsc emits even when it reports type errors; the alias packages are written either way so a
  // half-finished lib elsewhere does not stop others from running, and the exit code still fails.
  const { paths } = JSON.parse(
    readFileSync(join(root, 'tsconfig.base.json'), 'utf8'),
  ).compilerOptions;
  for (const [alias, [source]] of Object.entries(paths)) {
    const pkgDir = join(dist, 'node_modules', alias);
    const target = join(dist, source.replace(/\.ts$/, '.js'));
    mkdirSync(pkgDir, { recursive: true });
    writeFileSync(
      join(pkgDir, 'package.json'),
      `${JSON.stringify({ name: alias, private: true, main: 'index.js' })}\n`,
    );
    writeFileSync(
      join(pkgDir, 'index.js'),
      `module.exports = require(${JSON.stringify(relative(pkgDir, target))});\n`,
    );
  }
  // The console is a browser app with its own compiler options (DOM, JSX, bundler resolution):
  // type-checked with its own tsconfig and bundled by Vite into dist/apps/console.
  const consoleStatus = buildConsole();
  return (tsc.status ?? 1) || consoleStatus;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exit(build({ clean: process.argv.includes('--clean') }));
}
