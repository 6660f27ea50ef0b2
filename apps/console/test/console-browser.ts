import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { workspaceRoot } from '@concord/testing';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium: the tests never download a browser. */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/**
 * Each run leaves its screenshots in tmp/console-screenshots (git-ignored);
 * `npm run console:screenshots` points CONSOLE_SCREENSHOTS_DIR at the ones the README shows.
 */
export const SCREENSHOTS = join(
  workspaceRoot(),
  process.env['CONSOLE_SCREENSHOTS_DIR'] ?? join('tmp', 'console-screenshots'),
);

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `No Chromium at ${CHROMIUM}. Install it with: apt-get update && apt-get install -y chromium`,
    );
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  // --no-sandbox: CI containers run as root, where Chromium's sandbox cannot start.
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}
