#!/usr/bin/env node
// `npm start`: installs what is missing, builds, starts Kafka (127.0.0.1:9092) and PostgreSQL
// (the local server, else an embedded one), migrates the catalog, starts every app that exists
// with demo data, and prints the URLs. Ctrl-C stops the apps (Kafka and PostgreSQL keep running
// for the next start; `npm run kafka -- stop` stops the broker).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { apps } from './apps.mjs';
import { build } from './build.mjs';
import { ensureInstalled } from './install.mjs';
import { ensureKafka, loadDatabaseLib, portAnswers } from './services.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DEV_KAFKA = { name: 'dev', port: Number(process.env.KAFKA_PORT ?? 9092) };
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

function prefixOutput(name, stream, target) {
  let buffer = '';
  stream.on('data', (chunk) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop();
    for (const line of lines) target.write(`${name.padEnd(16)}| ${line}\n`);
  });
}

async function main() {
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
  const env = (app) => ({
    ...process.env,
    LOG_PRETTY: process.env.LOG_PRETTY ?? 'true',
    ...app.env(ctx),
  });

  const migrate = join(root, 'dist/apps/catalog-service/src/database/migrate.js');
  if (existsSync(migrate)) {
    log('migrating the catalog database');
    const catalog = apps.find((a) => a.name === 'catalog-service');
    const result = spawnSync(process.execPath, [migrate], {
      cwd: root,
      stdio: 'inherit',
      env: env(catalog),
    });
    if (result.status !== 0) throw new Error('catalog migrations failed');
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
    const child = spawn(process.execPath, [app.script], { cwd: root, env: env(app) });
    children.push(child);
    prefixOutput(app.name, child.stdout, process.stdout);
    prefixOutput(app.name, child.stderr, process.stderr);
    const ready = await waitReady(`http://127.0.0.1:${app.port}${app.readyPath}`, child, 90_000);
    if (!ready) {
      stopAll();
      throw new Error(`${app.name} did not become ready (see its output above)`);
    }
    running.push(app);
  }

  const seed = join(root, 'dist/apps/catalog-service/src/demo/seed-demo.js');
  if (existsSync(seed)) {
    const catalog = apps.find((a) => a.name === 'catalog-service');
    const result = spawnSync(process.execPath, [seed], {
      cwd: root,
      stdio: 'inherit',
      env: env(catalog),
    });
    if (result.status !== 0) log('demo data could not be created (see above)');
  }

  process.stdout.write('\nConcord is running:\n');
  process.stdout.write(`  Kafka                127.0.0.1:${DEV_KAFKA.port}\n`);
  for (const app of running) process.stdout.write(`  ${app.describe(app.port)}\n`);
  process.stdout.write(`\n  Demo tenant API key: ${DEMO_API_KEY}\n`);
  process.stdout.write(
    `  Try: curl -H "Authorization: Bearer ${DEMO_API_KEY}" http://127.0.0.1:3000/v1/customers\n`,
  );
  process.stdout.write('\nCtrl-C stops the apps.\n');
  await Promise.all(children.map((child) => new Promise((r) => child.on('exit', r))));
}

main().catch((error) => {
  process.stderr.write(`[start] ${error.message}\n`);
  process.exit(1);
});
