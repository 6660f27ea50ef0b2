#!/usr/bin/env node
// `npm test`: installs what is missing, makes sure PostgreSQL, Redis and the TEST Kafka broker
// (127.0.0.1:19092, its own data; `npm start` uses 9092) are up, then runs every stage and prints
// each stage's time and one closing line "N passed, N failed".
//
//   npm test                                  everything (what CI runs)
//   npm test -- --stages lint,unit            only some stages (install, services, build, lint,
//                                             typecheck, unit, portable, integration, e2e,
//                                             browser, security, chaos)
//   npm test -- --projects kafka,model        only some projects in the jest stages
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from './build.mjs';
import { ensureChromium } from './browser.mjs';
import { ensureInstalled } from './install.mjs';
import { runPortableStage } from './portable.mjs';
import {
  ensureKafka,
  ensureMachinePostgres,
  ensureMachineRedis,
  loadDatabaseLib,
} from './services.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
// The test broker also has a SASL/SCRAM listener for libs/kafka's kafka-sasl.int-spec.ts; a broker
// started before it existed is restarted once by the script (its configuration changed).
const TEST_KAFKA = {
  name: 'test',
  port: Number(process.env.CONCORD_TEST_KAFKA_PORT ?? 19092),
  saslPort: Number(process.env.CONCORD_TEST_KAFKA_SASL_PORT ?? 19094),
};
const ALL_STAGES = [
  'install',
  'services',
  'build',
  'lint',
  'typecheck',
  'unit',
  'portable',
  'integration',
  'e2e',
  'browser',
  'security',
  'chaos',
];

function parseArgs(argv) {
  const options = { stages: ALL_STAGES, projects: undefined };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--stages') options.stages = argv[++i].split(',');
    else if (argv[i] === '--projects') options.projects = argv[++i];
    else throw new Error(`unknown option ${argv[i]} (use --stages a,b or --projects x,y)`);
  }
  return options;
}

const resultsDir = join(root, 'tmp', 'test-results', String(Date.now()));
const testEnv = {
  ...process.env,
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
  NX_TUI: 'false',
  NODE_ENV: 'test',
  CONCORD_TEST_RESULTS_DIR: resultsDir,
  KAFKA_BROKERS: `127.0.0.1:${TEST_KAFKA.port}`,
  CONCORD_TEST_KAFKA_SASL_BROKERS: `127.0.0.1:${TEST_KAFKA.saslPort}`,
  REDIS_URL: process.env.CONCORD_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/15',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
};

function run(command, args, env = testEnv) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status}`);
}

function nxRunMany(target, parallel) {
  const args = [
    'nx',
    'run-many',
    '-t',
    target,
    `--parallel=${parallel}`,
    '--skip-nx-cache',
    '--output-style=stream',
  ];
  if (stagesOptions.projects) args.push(`--projects=${stagesOptions.projects}`);
  run('npx', args);
}

const stagesOptions = parseArgs(process.argv.slice(2));

const stages = {
  install: () => ensureInstalled(root),
  services: async () => {
    const postgres = await ensureMachinePostgres();
    if (!process.env.DATABASE_URL && !postgres) {
      // No PostgreSQL on this machine: tests get an embedded one of their own.
      build();
      const { resolvePostgres } = await loadDatabaseLib(root);
      const pg = await resolvePostgres({
        embeddedDataDir: join(root, '.cache', 'postgres', 'test'),
        embeddedPort: 15432,
      });
      testEnv.DATABASE_URL = pg.url;
    } else {
      testEnv.DATABASE_URL =
        process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    }
    if (!(await ensureMachineRedis()))
      throw new Error('Redis is not reachable on 127.0.0.1:6379 and could not be started');
    await ensureKafka(TEST_KAFKA);
  },
  build: () => {
    const status = build();
    if (status !== 0) throw new Error('the TypeScript build failed');
    // Specs that run apps as processes use this build instead of building again.
    testEnv.CONCORD_SKIP_BUILD = '1';
  },
  lint: () => {
    run('npx', ['prettier', '--check', '.', '--log-level', 'warn']);
    nxRunMany('lint', 2);
  },
  typecheck: () => {
    run('npx', ['tsc', '-p', 'tsconfig.spec-all.json', '--noEmit']);
    run('npx', ['tsc', '-p', 'apps/console/tsconfig.spec.json', '--noEmit']);
  },
  unit: () => nxRunMany('test', 2),
  // A copy of the tracked files in an empty folder, built and unit-tested under Node 24: proves the
  // repository needs nothing beside it and runs on current Node (tools/scripts/portable.mjs).
  portable: () => runPortableStage(root, testEnv),
  integration: () => nxRunMany('int-test', 1),
  e2e: () => nxRunMany('e2e', 1),
  // The console in Debian's Chromium (playwright-core) against the apps as processes.
  browser: () => {
    ensureChromium();
    nxRunMany('browser-e2e', 1);
  },
  // The security suite (`npm run test:security`): forged webhooks, cross-tenant access, fuzzing,
  // SSRF, secrets in logs/topics/responses/rows, concurrent token refreshes.
  security: () => nxRunMany('security', 1),
  // The short chaos run: its own broker and embedded PostgreSQL (so it can restart them), a fixed
  // seed, at least 300 operations and every kind of fault at least once, invoices included
  // and simultaneous writes of one record on both sides (`npm run chaos` is longer).
  chaos: () =>
    run(process.execPath, [
      'dist/tools/chaos/src/main.js',
      '--short',
      '--invoices',
      '--contests',
      // Salesforce and Xero run in `npm run chaos` (all three systems); with them the short run
      // takes 15 to 30 minutes here and still finds sync bugs (tools/chaos/README.md).
      '--systems',
      'stripe',
    ]),
};

function summarize() {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const failures = [];
  let files = [];
  try {
    files = readdirSync(resultsDir);
  } catch {
    files = [];
  }
  for (const file of files) {
    const r = JSON.parse(readFileSync(join(resultsDir, file), 'utf8'));
    passed += r.passed;
    failed += r.failed + (r.suitesFailed > 0 && r.failed === 0 ? r.suitesFailed : 0);
    skipped += r.skipped;
    failures.push(...(r.failures ?? []));
  }
  return { passed, failed, skipped, failures };
}

/**
 * Names the failed tests, grouped by file and reason (a failed beforeAll fails every test of its
 * file the same way), so the last lines of the output, which is what CI shows, say what to look at.
 */
function printFailures(failures) {
  if (failures.length === 0) return;
  const groups = new Map();
  for (const { file, test, reason } of failures) {
    const key = `${file}\u0000${reason}`;
    const group = groups.get(key) ?? { file, reason, tests: [] };
    group.tests.push(test);
    groups.set(key, group);
  }
  process.stdout.write('\n=== failed tests ===\n');
  const shown = [...groups.values()].slice(0, 8);
  for (const { file, reason, tests } of shown) {
    const names = tests.length === 1 ? tests[0] : `${tests.length} tests: ${tests.join('; ')}`;
    // A reason of several lines (the chaos run's problems) keeps every line indented.
    const indented = reason.split('\n').join('\n    ');
    process.stdout.write(`${file} › ${names.slice(0, 300)}\n    ${indented}\n`);
  }
  if (groups.size > shown.length) {
    process.stdout.write(`… and ${groups.size - shown.length} more groups of failures\n`);
  }
}

async function main() {
  mkdirSync(resultsDir, { recursive: true });
  const timings = [];
  let failure;
  const started = Date.now();
  for (const name of stagesOptions.stages) {
    const stage = stages[name];
    if (!stage || !ALL_STAGES.includes(name)) {
      throw new Error(`unknown stage ${name}; stages: ${Object.keys(stages).join(', ')}`);
    }
    const t0 = Date.now();
    process.stderr.write(`\n=== stage ${name} ===\n`);
    try {
      await stage();
      timings.push([name, Date.now() - t0, 'ok']);
    } catch (error) {
      timings.push([name, Date.now() - t0, 'FAILED']);
      failure = `${name}: ${error.message}`;
      break;
    }
  }
  const { passed, failed, skipped, failures } = summarize();
  process.stdout.write('\n=== npm test: stage timings ===\n');
  for (const [name, ms, status] of timings) {
    process.stdout.write(`${name.padEnd(12)} ${(ms / 1000).toFixed(1).padStart(7)} s  ${status}\n`);
  }
  process.stdout.write(
    `${'total'.padEnd(12)} ${((Date.now() - started) / 1000).toFixed(1).padStart(7)} s\n`,
  );
  printFailures(failures);
  if (failure) process.stdout.write(`\nFAILED at stage ${failure}\n`);
  rmSync(resultsDir, { recursive: true, force: true });
  const failedCount = failed + (failure && failed === 0 ? 1 : 0);
  process.stdout.write(
    `\n${passed} passed, ${failedCount} failed${skipped ? `, ${skipped} skipped` : ''}\n`,
  );
  process.exit(failure || failed > 0 ? 1 : 0);
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
