// The backing services Concord needs on a developer machine or in CI: PostgreSQL, Redis and a
// local Kafka broker. Shared by `npm start` (start.mjs) and `npm test` (test.mjs), which use
// DIFFERENT brokers, databases and Redis databases so they never share state.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createConnection } from 'node:net';
import { join } from 'node:path';

import { start as startKafka } from '../kafka/kafka.mjs';

export function portAnswers(port, host = '127.0.0.1', timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('connect', () => done(true));
    socket.on('error', () => done(false));
  });
}

function log(message) {
  process.stderr.write(`[services] ${message}\n`);
}

function commandExists(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

async function waitForPort(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await portAnswers(port)) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

/** Starts the machine's own PostgreSQL cluster if it is installed but down. Returns true if 5432 answers. */
export async function ensureMachinePostgres() {
  if (await portAnswers(5432)) return true;
  if (!existsSync('/etc/postgresql') || !commandExists('pg_ctlcluster')) return false;
  const [version] = readdirSync('/etc/postgresql');
  log(`PostgreSQL on 127.0.0.1:5432 is down; starting the machine's cluster ${version}/main`);
  spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], {
    stdio: 'inherit',
  });
  return waitForPort(5432, 20_000);
}

/** Starts the machine's own Redis if it is installed but down. Returns true if 6379 answers. */
export async function ensureMachineRedis() {
  if (await portAnswers(6379)) return true;
  if (!commandExists('redis-server')) return false;
  log('Redis on 127.0.0.1:6379 is down; starting redis-server');
  spawnSync(
    'redis-server',
    [
      '--daemonize',
      'yes',
      '--bind',
      '127.0.0.1',
      '--port',
      '6379',
      '--save',
      '',
      '--appendonly',
      'no',
    ],
    { stdio: 'inherit' },
  );
  return waitForPort(6379, 10_000);
}

/** Starts (or reuses) a named broker; with `saslPort`, it also listens with SASL/SCRAM there. */
export async function ensureKafka({ name, port, saslPort }) {
  return startKafka({ name, port, saslPort });
}

/** Loads @concord/database from the build output (scripts run built JavaScript, never ts-node). */
export async function loadDatabaseLib(root) {
  const entry = join(root, 'dist', 'node_modules', '@concord', 'database', 'index.js');
  const { createRequire } = await import('node:module');
  return createRequire(import.meta.url)(entry);
}

/** Loads @concord/observability from the build output (for its one-line log format). */
export function loadObservabilityLib(root) {
  const entry = join(root, 'dist', 'node_modules', '@concord', 'observability', 'index.js');
  return createRequire(import.meta.url)(entry);
}
