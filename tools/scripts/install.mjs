// "Installs what is missing": runs `npm ci` when node_modules is absent or older than the lockfile.
// Package install scripts run only where package.json's allowScripts approves them (npm 11).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function ensureInstalled(root) {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return false;
  process.stderr.write('[install] node_modules is missing or stale: running npm ci\n');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`npm ci failed with exit code ${result.status}`);
  return true;
}
