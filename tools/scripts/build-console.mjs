#!/usr/bin/env node
// Builds the operators' console (apps/console): type-checks it with its own tsconfig (DOM, JSX,
// bundler resolution; the workspace's single tsc program is for Node code) and bundles it with
// Vite into dist/apps/console, static files any web server can serve.
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function run(args) {
  return spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' }).status ?? 1;
}

export function buildConsole() {
  const typecheck = run([
    join(root, 'node_modules/typescript/bin/tsc'),
    '-p',
    'apps/console/tsconfig.app.json',
  ]);
  const bundle = run([
    join(root, 'node_modules/vite/bin/vite.js'),
    'build',
    '--config',
    'apps/console/vite.config.mts',
    '--logLevel',
    'warn',
  ]);
  return typecheck || bundle;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exit(buildConsole());
}
