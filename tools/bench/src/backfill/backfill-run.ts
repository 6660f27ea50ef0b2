import type { BenchSystem } from '../cli/bench-options';
import { benchBrokers } from '../services/bench-broker';
import { type BenchTenant, BenchWorld } from '../world/bench-world';
import { waitUntilCaughtUp } from '../world/consumer-lag';
import { PeakMemorySampler } from '../world/process-memory';
import { CUSTOMERS_OF_TENANTS, EXPORTED_CUSTOMERS_OF_TENANTS, waitForCount } from './progress';
import { seedCatalogCustomers, seedStripeCustomers } from './seeding';

/** One backfill of `size` records in one direction, on fresh processes. */
export interface BackfillResult {
  system: BenchSystem;
  direction: 'import' | 'export';
  size: number;
  tenants: number;
  seedPerSecond: number;
  /** From enabling the connection(s) to the last record in place. */
  seconds: number;
  recordsPerSecond: number;
  /** Until every consumer caught up as well (echoes, outcomes). */
  settledSeconds: number;
  peakMiB: Record<string, number>;
  /**
   * Salesforce and Xero: the calls the organisation received from enabling to the last record in
   * place, counted by the simulator (token calls excluded), and how many it refused (Xero's 429).
   */
  externalCalls?: number;
  rejectedCalls?: number;
}

export type Log = (line: string) => void;

export async function withWorld<T>(
  systems: BenchSystem[],
  run: (world: BenchWorld) => Promise<T>,
): Promise<T> {
  const world = new BenchWorld({ connectors: 1, systems });
  try {
    await world.start();
    return await run(world);
  } finally {
    await world.stop();
  }
}

export async function newTenants(world: BenchWorld, count: number): Promise<BenchTenant[]> {
  const tenants: BenchTenant[] = [];
  for (let i = 0; i < count; i += 1) tenants.push(await world.newTenant());
  return tenants;
}

function roundedPeaks(peaks: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(peaks).map(([name, mib]) => [name, Math.round(mib)]));
}

/** How a run is measured: what enables it, and the count (SQL, `$1` the tenant ids) it waits for. */
export interface Measurement {
  tenants: BenchTenant[];
  /** Enables the connection(s): the clock starts just before. */
  connect: () => Promise<void>;
  countSql: string;
  /** Parameters after the tenant ids (`$2`, ...). */
  countParams?: unknown[];
  /** Run as soon as the count is reached, before the consumers settle. */
  atDone?: () => Promise<void>;
}

export async function measure(
  world: BenchWorld,
  measurement: Measurement,
  size: number,
  log: Log,
): Promise<Pick<BackfillResult, 'seconds' | 'settledSeconds' | 'peakMiB'>> {
  const sampler = new PeakMemorySampler(() => world.concordProcesses());
  sampler.start(250);
  const started = Date.now();
  await measurement.connect();
  const ids = measurement.tenants.map((t) => t.tenantId);
  const params = [ids, ...(measurement.countParams ?? [])];
  const done = await waitForCount(world.database.url, measurement.countSql, params, size, (count) =>
    log(
      `  ${count} of ${size} (${((Date.now() - started) / 1000).toFixed(0)} s) peak MiB ${JSON.stringify(
        roundedPeaks(sampler.peaks()),
      )}`,
    ),
  );
  await measurement.atDone?.();
  await waitUntilCaughtUp(benchBrokers(), world.prefix, 600_000);
  const settled = Date.now();
  return {
    seconds: (done - started) / 1000,
    settledSeconds: (settled - started) / 1000,
    peakMiB: sampler.stop(),
  };
}

async function connectStripe(world: BenchWorld, tenants: BenchTenant[]): Promise<void> {
  // Not waiting for "active": the connector registers the webhook only after an inbound backfill.
  await Promise.all(tenants.map((tenant) => world.connectStripe(tenant, { awaitActive: false })));
}

/** Customers created in one Stripe account, then imported by enabling the connection. */
export function runImport(size: number, log: Log): Promise<BackfillResult> {
  return withWorld(['stripe'], async (world) => {
    const tenants = await newTenants(world, 1);
    const tenant = tenants[0] as BenchTenant;
    log(`import ${size}: seeding the simulator`);
    const seedPerSecond = await seedStripeCustomers(tenant.stripe, size);
    log(`import ${size}: seeded at ${seedPerSecond.toFixed(0)}/s; enabling the connection`);
    const measured = await measure(
      world,
      { tenants, connect: () => connectStripe(world, tenants), countSql: CUSTOMERS_OF_TENANTS },
      size,
      log,
    );
    return {
      system: 'stripe',
      direction: 'import',
      size,
      tenants: 1,
      seedPerSecond,
      ...measured,
      recordsPerSecond: size / measured.seconds,
    };
  });
}

/** Customers in the catalog (split over `tenantCount` tenants), exported by enabling them. */
export function runExport(size: number, tenantCount: number, log: Log): Promise<BackfillResult> {
  return withWorld(['stripe'], async (world) => {
    const tenants = await newTenants(world, tenantCount);
    const perTenant = Math.ceil(size / tenantCount);
    log(`export ${size}: seeding the catalog (${tenantCount} tenants × ${perTenant}, SQL)`);
    const seedStarted = Date.now();
    await seedCatalogCustomers(
      world.database.url,
      tenants.map((t) => t.tenantId),
      perTenant,
    );
    const seedPerSecond = (perTenant * tenantCount * 1000) / (Date.now() - seedStarted);
    log(`export ${size}: enabling ${tenantCount} connections`);
    const total = perTenant * tenantCount;
    const measured = await measure(
      world,
      {
        tenants,
        connect: () => connectStripe(world, tenants),
        countSql: EXPORTED_CUSTOMERS_OF_TENANTS,
      },
      total,
      log,
    );
    return {
      system: 'stripe',
      direction: 'export',
      size: total,
      tenants: tenantCount,
      seedPerSecond,
      ...measured,
      recordsPerSecond: total / measured.seconds,
    };
  });
}
