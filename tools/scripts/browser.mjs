// Debian's Chromium for the console's browser tests: playwright-core drives /usr/bin/chromium and
// never downloads a browser. Installed with apt-get when missing and `npm test` runs as root;
// otherwise the stage stops with the one command that installs it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM = '/usr/bin/chromium';
const INSTALL = 'apt-get update && apt-get install -y --no-install-recommends chromium';

export function ensureChromium() {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root) {
    throw new Error(`Chromium is missing at ${CHROMIUM}; install it with: sudo sh -c '${INSTALL}'`);
  }
  process.stderr.write(`[browser] ${CHROMIUM} is missing: ${INSTALL}\n`);
  const result = spawnSync('sh', ['-c', INSTALL], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.status !== 0 || !existsSync(CHROMIUM)) {
    throw new Error(`installing Chromium failed; install it with: ${INSTALL}`);
  }
  return CHROMIUM;
}
