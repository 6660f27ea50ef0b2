#!/usr/bin/env node
// `npm start`: installs what is missing, builds, starts Kafka (127.0.0.1:9092) and PostgreSQL
// (the local server, else an embedded one), migrates the catalog, starts every app that exists
// with demo data, and ends with a banner of the URLs and the demo key. Ctrl-C stops the apps
// (Kafka and PostgreSQL keep running for the next start; `npm run kafka -- stop` stops the broker).
//
// The apps log JSON, as in production; this script shows each JSON line as one readable line
// (time, app, level, message, fields) unless LOG_FORMAT=json asks for the raw lines. LOG_LEVEL
// (default info) is passed to the apps: debug adds routine polls, heartbeats and Nest's boot lines.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { apps } from './apps.mjs';
import { build } from './build.mjs';
import { ensureInstalled } from './install.mjs';
import { ensureKafka, loadDatabaseLib, loadObservabilityLib, portAnswers } from './services.mjs';
import { startBanner } from './start-banner.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DEV_KAFKA = { name: 'dev', port: Number(process.env.KAFKA_PORT ?? 9092) };
const LOG_FORMAT = process.env.LOG_FORMAT ?? 'pretty';
const DEMO_API_KEY =
  process.env.CONCORD_DEMO_API_KEY ??
  'ck_demo_concorddemo0_Zm9yIGRlbW8gdXNlIG9ubHkgLSBub3QgYSBzZWNyZXQ';

function log(message) {
  process.stdout.write(`[start] ${message}\n`);
}

// Local secrets for this checkout, generated once and kept in the git-ignored .cache folder.
function devSecrets() {
  const file = join(root, '.cache', 'dev-secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  mkdirSync(dirname(file), { recursive: true });
  const secrets = {
    adminApiKey: randomBytes(24).toString('base64url'),
    keyRing: `dev1:${randomBytes(32).toString('base64')}`,
    activeKey: 'dev1',
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

async function waitReady(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return false;
    try {
      const response = await fetch(url);
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return false;
}

/**
 * Writes each line the child prints to `target` as one readable line, or raw with LOG_FORMAT=json.
 * `name` heads the app's lines; without it, JSON lines show their `service` and text stays as is.
 */
function showOutput(formatLogLine, name, stream, target) {
  const appWidth = Math.max(...apps.map((app) => app.name.length));
  const colors = target.isTTY === true;
  let buffer = '';
  const show = (line) => {
    if (line === '') return;
    target.write(
      `${LOG_FORMAT === 'json' ? line : formatLogLine(line, { app: name, appWidth, colors })}\n`,
    );
  };
  stream.on('data', (chunk) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop();
    lines.forEach(show);
  });
  stream.on('end', () => show(buffer));
}

/** Runs a one-off script (migrations, demo data) to completion; its lines name themselves. */
function runScript(formatLogLine, script, env) {
  const child = spawn(process.execPath, [script], { cwd: root, env });
  showOutput(formatLogLine, undefined, child.stdout, process.stdout);
  showOutput(formatLogLine, undefined, child.stderr, process.stderr);
  return new Promise((resolveExit) => child.on('close', (code) => resolveExit(code)));
}

function seconds(since) {
  return ((Date.now() - since) / 1000).toFixed(1);
}

async function main() {
  const started = Date.now();
  if (!['json', 'pretty'].includes(LOG_FORMAT)) {
    throw new Error(`LOG_FORMAT must be json or pretty (got "${LOG_FORMAT}")`);
  }
  ensureInstalled(root);
  log('building (tsc)');
  if (build() !== 0) throw new Error('the TypeScript build failed');

  await ensureKafka(DEV_KAFKA);
  const { resolvePostgres } = await loadDatabaseLib(root);
  const postgres = await resolvePostgres({
    databaseUrl: process.env.DATABASE_URL,
    embeddedDataDir: join(root, '.cache', 'postgres', 'dev'),
    embeddedPort: 5433,
  });
  log(`PostgreSQL: ${postgres.source} (${postgres.url.replace(/\/\/[^@]*@/, '//')})`);
  const redisUrl = (await portAnswers(6379)) ? 'redis://127.0.0.1:6379/1' : undefined;
  log(
    redisUrl
      ? 'Redis: 127.0.0.1:6379 (db 1)'
      : 'Redis: not running; connectors use in-process rate budgets',
  );

  const ctx = {
    databaseUrl: postgres.url,
    kafkaBrokers: `127.0.0.1:${DEV_KAFKA.port}`,
    redisUrl,
    secrets: devSecrets(),
    demoApiKey: DEMO_API_KEY,
  };
  // JSON from every app, whatever the caller's LOG_FORMAT: this script formats it (showOutput).
  const env = (app) => ({ ...process.env, ...app.env(ctx), LOG_FORMAT: 'json' });
  const { formatLogLine } = loadObservabilityLib(root);
  const catalog = apps.find((a) => a.name === 'catalog-service');

  const migrate = join(root, 'dist/apps/catalog-service/src/database/migrate.js');
  if (existsSync(migrate)) {
    if ((await runScript(formatLogLine, migrate, env(catalog))) !== 0) {
      throw new Error('catalog migrations failed');
    }
  }

  const children = [];
  const stopAll = () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  };
  process.on('SIGINT', stopAll);
  process.on('SIGTERM', stopAll);

  const running = [];
  for (const app of apps) {
    if (!existsSync(join(root, app.script))) continue;
    const appStarted = Date.now();
    const child = spawn(process.execPath, [app.script], { cwd: root, env: env(app) });
    children.push(child);
    showOutput(formatLogLine, app.name, child.stdout, process.stdout);
    showOutput(formatLogLine, app.name, child.stderr, process.stderr);
    const ready = await waitReady(`http://127.0.0.1:${app.port}${app.readyPath}`, child, 90_000);
    if (!ready) {
      stopAll();
      throw new Error(`${app.name} did not become ready (see its output above)`);
    }
    log(`${app.name} is ready (${seconds(appStarted)} s)`);
    running.push(app);
  }

  const seed = join(root, 'dist/apps/catalog-service/src/demo/seed-demo.js');
  if (existsSync(seed) && (await runScript(formatLogLine, seed, env(catalog))) !== 0) {
    log('demo data could not be created (see above)');
  }

  const banner = startBanner({
    running,
    kafka: `127.0.0.1:${DEV_KAFKA.port}`,
    demoApiKey: DEMO_API_KEY,
    seconds: seconds(started),
  });
  process.stdout.write(`${banner.join('\n')}\n`);
  await Promise.all(children.map((child) => new Promise((r) => child.on('exit', r))));
}

main().catch((error) => {
  process.stderr.write(`[start] ${error.message}\n`);
  process.exit(1);
});
