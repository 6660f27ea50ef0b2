// `npm run chaos [-- --seed N] [-- --short]`: Concord's chaos suite (see tools/chaos/README.md).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { freePort, freePortPair, workspaceRoot } from '@concord/testing';

import { parseChaosArgs } from './chaos-options';
import { checksOf, problemLines, renderReport, writeResults } from './report/chaos-report';
import { runChaos } from './run-chaos';

/** The short run inside `npm test` uses a fixed seed, so a red build replays exactly. */
const SHORT_DEFAULT_SEED = 20261129;

const say = (line: string): void => {
  process.stdout.write(`[chaos ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
};

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const short = argv.includes('--short');
  const options = parseChaosArgs(
    argv,
    short ? SHORT_DEFAULT_SEED : Math.floor(Math.random() * 2 ** 31),
  );
  const root = workspaceRoot();
  let interrupted = false;
  const onSignal = (): void => {
    if (interrupted) {
      // Second Ctrl-C: no more waiting; the apps die with us (orphan guard), the broker now.
      spawnSync(process.execPath, [
        join(root, 'tools', 'kafka', 'kafka.mjs'),
        'stop',
        '--name',
        'chaos',
      ]);
      process.exit(130);
    }
    interrupted = true;
    say('interrupted: stopping the workload and cleaning up (Ctrl-C again to force)');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  say(
    `seed ${options.seed}${options.short ? ' (--short)' : ''}; replay with --seed ${options.seed}`,
  );
  const outcome = await runChaos(options, {
    root,
    redisUrl: 'redis://127.0.0.1:6379/13',
    // Free ports, so runs in two checkouts never meet (each has its own broker and data folder);
    // the broker's KRaft controller takes the next port, which must be free too.
    brokerPort: await freePortPair(),
    postgresPort: await freePort(),
    say,
    interrupted: () => interrupted,
  });
  const checks = checksOf(outcome);
  process.stdout.write(`${renderReport(outcome, checks)}\n`);
  const resultsDir = process.env['CONCORD_TEST_RESULTS_DIR'];
  if (resultsDir) writeResults(resultsDir, checks, problemLines(outcome));
  return interrupted || checks.some((c) => !c.passed) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `chaos run failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    const resultsDir = process.env['CONCORD_TEST_RESULTS_DIR'];
    if (resultsDir) writeResults(resultsDir, [{ name: 'the chaos run completed', passed: false }]);
    process.exit(1);
  },
);
