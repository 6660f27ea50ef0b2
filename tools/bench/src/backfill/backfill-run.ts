import { benchBrokers } from '../services/bench-broker';
import { type BenchTenant, BenchWorld } from '../world/bench-world';
import { waitUntilCaughtUp } from '../world/consumer-lag';
import { PeakMemorySampler } from '../world/process-memory';
import { CUSTOMERS_OF_TENANTS, EXPORTED_CUSTOMERS_OF_TENANTS, waitForCount } from './progress';
import { seedCatalogCustomers, seedStripeCustomers } from './seeding';

/** One backfill of `size` records in one direction, on fresh processes. */
export interface BackfillResult {
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
}

type Log = (line: string) => void;

async function withWorld<T>(run: (world: BenchWorld) => Promise<T>): Promise<T> {
  const world = new BenchWorld({ connectors: 1 });
  try {
    await world.start();
    return await run(world);
  } finally {
    await world.stop();
  }
}

async function newTenants(world: BenchWorld, count: number): Promise<BenchTenant[]> {
  const tenants: BenchTenant[] = [];
  for (let i = 0; i < count; i += 1) tenants.push(await world.newTenant());
  return tenants;
}

function roundedPeaks(peaks: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(peaks).map(([name, mib]) => [name, Math.round(mib)]));
}

async function measure(
  world: BenchWorld,
  tenants: BenchTenant[],
  countSql: string,
  size: number,
  log: Log,
): Promise<Pick<BackfillResult, 'seconds' | 'settledSeconds' | 'peakMiB'>> {
  const sampler = new PeakMemorySampler(() => world.concordProcesses());
  sampler.start(250);
  const started = Date.now();
  // Not waiting for "active": the connector registers the webhook only after an inbound backfill.
  await Promise.all(tenants.map((tenant) => world.connectStripe(tenant, { awaitActive: false })));
  const ids = tenants.map((t) => t.tenantId);
  const done = await waitForCount(world.database.url, countSql, [ids], size, (count) =>
    log(
      `  ${count} of ${size} (${((Date.now() - started) / 1000).toFixed(0)} s) peak MiB ${JSON.stringify(
        roundedPeaks(sampler.peaks()),
      )}`,
    ),
  );
  await waitUntilCaughtUp(benchBrokers(), world.prefix, 600_000);
  const settled = Date.now();
  return {
    seconds: (done - started) / 1000,
    settledSeconds: (settled - started) / 1000,
    peakMiB: sampler.stop(),
  };
}

/** Customers created in one Stripe account, then imported by enabling the connection. */
export function runImport(size: number, log: Log): Promise<BackfillResult> {
  return withWorld(async (world) => {
    const tenants = await newTenants(world, 1);
    const tenant = tenants[0] as BenchTenant;
    log(`import ${size}: seeding the simulator`);
    const seedPerSecond = await seedStripeCustomers(tenant.stripe, size);
    log(`import ${size}: seeded at ${seedPerSecond.toFixed(0)}/s; enabling the connection`);
    const measured = await measure(world, tenants, CUSTOMERS_OF_TENANTS, size, log);
    return {
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
  return withWorld(async (world) => {
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
    const measured = await measure(world, tenants, EXPORTED_CUSTOMERS_OF_TENANTS, total, log);
    return {
      direction: 'export',
      size: total,
      tenants: tenantCount,
      seedPerSecond,
      ...measured,
      recordsPerSecond: total / measured.seconds,
    };
  });
}
