import { spawn } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

import {
  RetryableError,
  RetryableErrorCode,
  ValidationError,
  ValidationErrorCode,
} from '@concord/errors';

import { EmbeddedBinaries } from './embedded-binaries';
import { OsUser } from './os-user';

/**
 * Creates the data directory. PostgreSQL refuses to run as root, so when we are root the server
 * runs as the `postgres` OS user (`owner`): the directory must belong to that user, and every
 * folder above it must let that user through.
 */
export function prepareDataDir(dataDir: string, owner: OsUser | undefined): void {
  // Missing parents get the usual mode (0755 under the default umask): made 0700 like the data
  // directory itself, they would belong to root and shut the `postgres` user out.
  mkdirSync(dirname(dataDir), { recursive: true });
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (!owner) return;
  chownSync(dataDir, owner.uid, owner.gid);
  assertReachableBy(dirname(dataDir), owner);
}

export function isInitialised(dataDir: string): boolean {
  return existsSync(join(dataDir, 'PG_VERSION'));
}

/** Runs `initdb`: superuser `postgres`, trust authentication (the server listens on 127.0.0.1 only), UTF-8. */
export async function initialiseDataDir(
  binaries: EmbeddedBinaries,
  dataDir: string,
  owner: OsUser | undefined,
  logFile: string,
): Promise<void> {
  if (readdirSync(dataDir).length > 0) {
    throw new ValidationError(
      ValidationErrorCode.INVALID_CONFIGURATION,
      `${dataDir} is neither empty nor an initialised PostgreSQL data directory`,
    );
  }
  const args = ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale'];
  const { code, output } = await runToCompletion(binaries.initdb, args, owner);
  appendFileSync(logFile, output);
  if (code !== 0) {
    throw new RetryableError(
      RetryableErrorCode.UPSTREAM_UNAVAILABLE,
      `initdb failed with exit code ${code}: ${lastLines(output, 15)}`,
    );
  }
}

export function lastLines(text: string, count: number): string {
  return text.trimEnd().split('\n').slice(-count).join('\n');
}

/** Throws, naming the folder, unless `user` may pass through `folder` and every folder above it. */
export function assertReachableBy(folder: string, user: OsUser): void {
  for (let dir = folder; ; dir = dirname(dir)) {
    const { mode, uid, gid } = statSync(dir);
    const searchBit = uid === user.uid ? 0o100 : gid === user.gid ? 0o010 : 0o001;
    if ((mode & searchBit) === 0) {
      throw new ValidationError(
        ValidationErrorCode.INVALID_CONFIGURATION,
        `The ${user.name} OS user, which runs the embedded PostgreSQL server, cannot enter ${dir}; ` +
          `choose another data directory or allow it (chmod o+x ${dir})`,
      );
    }
    if (dirname(dir) === dir) return;
  }
}

function runToCompletion(
  command: string,
  args: string[],
  owner: OsUser | undefined,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: '/',
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(owner ? { uid: owner.uid, gid: owner.gid } : {}),
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}
