import { rmSync } from 'node:fs';
import { join } from 'node:path';

import type { ChaosOptions } from './chaos-options';
import { CatalogClient } from './clients/catalog-client';
import { FaultInjector } from './faults/fault-injector';
import { FaultLog } from './faults/fault-log';
import { faultKindsFor, planFaults } from './faults/fault-plan';
import { SimulatorControl } from './faults/simulator-control';
import type { ChaosOutcome } from './report/chaos-report';
import { SeededRandom } from './seeded-random';
import { ChaosBroker } from './services/chaos-broker';
import { ChaosPostgres } from './services/chaos-postgres';
import { collectDeadLetters } from './verify/collect-dead-letters';
import { verifySettledContests } from './verify/contests';
import { converge } from './verify/convergence';
import { SalesforceReader } from './verify/readers/salesforce-reader';
import { StripeReader } from './verify/readers/stripe-reader';
import { XeroReader } from './verify/readers/xero-reader';
import { SnapshotReader } from './verify/snapshot-reader';
import { syncedKinds } from './verify/systems';
import { brokerLostItsData } from './workload/broker-loss';
import { CatalogWriter } from './workload/catalog-writer';
import { type EditTargets, ExternalEditor } from './workload/external-editor';
import { Handover } from './workload/handover';
import { deliberateMassDelete } from './workload/mass-delete';
import { runWorkload } from './workload/paced-workers';
import { stripeClient, StripeWriter } from './workload/stripe-writer';
import { CONTEST_SHARE, INVOICE_SHARE, Workload } from './workload/workload';
import { WorkloadStats } from './workload/workload-stats';
import { connectStripe, createTenant } from './world/chaos-tenant';
import { ChaosWorld } from './world/chaos-world';
import { connectSalesforce, connectXero } from './world/system-tenants';

/** How long the contests may take, once the faults stop, to have every webhook delivered and recorded. */
const CONTESTS_SETTLE_MS = 120_000;

export interface ChaosEnvironment {
  root: string;
  redisUrl: string;
  brokerPort: number;
  postgresPort: number;
  say(line: string): void;
  /** Set on Ctrl-C: the run stops injecting and cleans up. */
  interrupted(): boolean;
}

/** Starts everything, runs the workload under faults, waits for convergence and verifies. */
export async function runChaos(
  options: ChaosOptions,
  env: ChaosEnvironment,
): Promise<ChaosOutcome> {
  const { say } = env;
  const run = `s${options.seed}`;
  const random = new SeededRandom(options.seed);
  const broker = new ChaosBroker(env.root, env.brokerPort);
  const postgres = new ChaosPostgres(
    join(env.root, '.cache', 'postgres', 'chaos'),
    env.postgresPort,
  );
  const logDir = join(env.root, 'tmp', 'chaos', run);
  // A replay of a seed starts with empty logs.
  rmSync(logDir, { recursive: true, force: true });
  const world = new ChaosWorld({
    root: env.root,
    logDir,
    brokers: broker.brokers,
    postgresUrl: postgres.url,
    redisUrl: env.redisUrl,
    simulatorSeed: options.seed,
    otherSystems: options.systems.filter((s) => s !== 'stripe'),
  });
  try {
    say(
      `starting the broker on ${broker.brokers} and PostgreSQL on ${env.postgresPort} (fresh data)`,
    );
    await broker.reset();
    await broker.start();
    postgres.wipe();
    await postgres.start();
    const others = options.systems.filter((s) => s !== 'stripe').map((s) => `, connector-${s}`);
    say(
      `starting simulator, catalog-service, relay, two connector-stripe replicas${others.join('')}`,
    );
    await world.start();
    const control = new SimulatorControl(world.simulator.url);
    // Stripe retries a failed webhook for days; the default 5 attempts (about 15 s) would give up
    // inside a single outage of this run, and so would 10 (about a minute) inside the pause of the
    // deliberate mass delete. 40 attempts at most 5 s apart keep retrying for over 3 minutes.
    await control.send('webhooks', { maxAttempts: 40, retryBaseMs: 1000, retryMaxMs: 5_000 });

    const stats = new WorkloadStats();
    const tenant = await createTenant(world.catalog.url, world.adminKey, run);
    // Every request goes to the next replica: their clocks are a second apart.
    const catalog = new CatalogClient(
      world.catalogUrls(),
      tenant.apiKey,
      stats.counterFor('catalog'),
    );
    await connectStripe(catalog, tenant, world.simulator.url, options.invoices);
    const targets: EditTargets = {
      ...(options.systems.includes('salesforce')
        ? { salesforce: await connectSalesforce(catalog, world.salesforceUrl, run) }
        : {}),
      ...(options.systems.includes('xero')
        ? { xero: await connectXero(catalog, world.xeroUrl, options.invoices) }
        : {}),
    };
    const stripe = stripeClient(world.simulator.url, tenant.stripeKey);
    const stripeWriter = new StripeWriter(stripe, stats.counterFor('stripe'));
    const handover = new Handover(catalog, stripe);
    const editor = new ExternalEditor(catalog, handover, targets, {
      salesforce: stats.counterFor('salesforce'),
      xero: stats.counterFor('xero'),
    });
    const workload = new Workload(
      random.fork('workload'),
      run,
      new CatalogWriter(catalog),
      stripeWriter,
      handover,
      stats,
      options.invoices ? INVOICE_SHARE : 0,
      options.contests ? CONTEST_SHARE : 0,
      editor,
    );

    const faultKinds = faultKindsFor(options.systems);
    const plan = planFaults(
      random.fork('faults'),
      options.roundsPerKind,
      options.workloadMs,
      faultKinds,
    );
    const faults = new FaultLog();
    const injector = new FaultInjector(world, broker, postgres, control, faults, say);
    say(
      `workload: at least ${options.minOperations} operations over ${options.workloadMs / 1000} s, faults: ${plan.process.length + plan.simulator.length}`,
    );
    const tracks = Promise.all([
      injector.runTrack(plan.process, env.interrupted),
      injector.runTrack(plan.simulator, env.interrupted),
    ]);
    let tracksDone = false;
    void tracks.then(() => (tracksDone = true));
    await runWorkload(workload, options, () => tracksDone, env);
    await tracks;
    if (env.interrupted()) throw new Error('interrupted before verification');
    await control.send('faults', {}, 'DELETE');
    await control.send('storm', { durationMs: 0 });
    await control.send('webhooks', { duplicateRate: 0, delayMs: 0, reorder: false });
    say(`workload done: ${stats.total} operations`);
    const contestProblems = options.contests
      ? await verifySettledContests(
          catalog,
          control,
          workload.oracle.all(),
          CONTESTS_SETTLE_MS,
          say,
        )
      : [];
    const massDelete = await deliberateMassDelete(
      workload.oracle,
      handover,
      stripeWriter,
      catalog,
      say,
    );
    const reader = new SnapshotReader(
      catalog,
      [
        new StripeReader(stripe),
        ...(targets.salesforce ? [new SalesforceReader(targets.salesforce)] : []),
        ...(targets.xero ? [new XeroReader(targets.xero, options.invoices)] : []),
      ],
      (kind) =>
        options.systems.filter((system) => syncedKinds(system, options.invoices).includes(kind)),
    );
    if (env.interrupted()) throw new Error('interrupted before verification');
    const brokerLoss = options.brokerLoss
      ? await brokerLostItsData(
          world,
          broker,
          workload,
          () =>
            converge(() => reader.read(), workload.oracle.all(), options.convergenceTimeoutMs, say),
          say,
        )
      : null;
    say('waiting for convergence');

    const convergence = await converge(
      () => reader.read(),
      workload.oracle.all(),
      options.convergenceTimeoutMs,
      say,
    );
    const dead = await collectDeadLetters(
      catalog,
      broker.brokers,
      new Set(faults.countByKind().keys()),
    );
    return {
      seed: options.seed,
      short: options.short,
      operations: stats.operations,
      totalOperations: stats.total,
      minOperations: options.minOperations,
      retries: stats.retries,
      handovers: stats.handovers,
      handoversDeferred: stats.handoversDeferred,
      records: {
        oracle: workload.oracle.all().filter((r) => r.writes > 0).length,
        ...convergence.observed,
      },
      workloadFailures: stats.failures,
      faults: faults.countByKind(),
      faultKinds,
      faultErrors: faults.errors,
      problems: [...convergence.problems, ...contestProblems],
      contests: options.contests ? workload.oracle.all().filter((r) => r.contested).length : null,
      massDelete,
      brokerLoss,
      deadLetters: dead.verdicts,
      dlqTopicMessages: dead.topicMessages,
      convergenceMs: convergence.convergedAfterMs,
    };
  } finally {
    say('stopping every process, the broker and PostgreSQL');
    await world.stop();
    await postgres.stop().catch(() => undefined);
    await broker.stop().catch(() => undefined);
  }
}
