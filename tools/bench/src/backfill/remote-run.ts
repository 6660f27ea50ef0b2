import type { BenchWorld } from '../world/bench-world';
import { type BackfillResult, type Log, measure, newTenants, withWorld } from './backfill-run';
import { CUSTOMERS_LINKED_TO_SYSTEM, CUSTOMERS_OF_TENANTS } from './progress';
import type { CallCount, RemoteSystem } from './remotes/remote-system';
import { SalesforceRemote } from './remotes/salesforce-remote';
import { XeroRemote } from './remotes/xero-remote';
import { seedCatalogCustomers } from './seeding';

type RemoteSystemName = RemoteSystem['system'];

function openRemote(
  world: BenchWorld,
  system: RemoteSystemName,
  name: string,
): Promise<RemoteSystem> {
  return system === 'salesforce'
    ? SalesforceRemote.create(world.salesforceUrl, name)
    : Promise.resolve(new XeroRemote(world.xeroUrl));
}

/**
 * One backfill of `size` customers between one catalog tenant and one organisation of the
 * Salesforce or Xero simulator, on fresh processes. _Import_: the records created in the
 * organisation through its API, then an inbound connection enabled; done when the catalog holds
 * them all. _Export_: the customers inserted into the catalog by SQL, then an outbound connection
 * enabled; done when each has its identity link, and the organisation must then hold them all.
 * The calls are the organisation's, counted by the simulator from enabling to done.
 */
export function runRemoteBackfill(
  system: RemoteSystemName,
  direction: 'import' | 'export',
  size: number,
  log: Log,
): Promise<BackfillResult> {
  const say = (line: string): void => log(`${system} ${direction} ${size}: ${line}`);
  return withWorld([system], async (world) => {
    const tenants = await newTenants(world, 1);
    const tenant = tenants[0];
    if (!tenant) throw new Error('no tenant');
    const remote = await openRemote(world, system, tenant.tenantId);
    say(direction === 'import' ? `seeding the ${system} simulator` : 'seeding the catalog (SQL)');
    const seedStarted = Date.now();
    const seedPerSecond =
      direction === 'import'
        ? await remote.seed(size)
        : await seedCatalogCustomers(world.database.url, [tenant.tenantId], size).then(
            () => (size * 1000) / Math.max(1, Date.now() - seedStarted),
          );
    await remote.beforeMeasure();
    const before = await remote.calls();
    let atDone: CallCount = before;
    say(`seeded at ${seedPerSecond.toFixed(0)}/s; enabling the connection`);
    const measured = await measure(
      world,
      {
        tenants,
        connect: () =>
          remote.connect(tenant.catalog, direction === 'import' ? 'inbound' : 'outbound'),
        ...(direction === 'import'
          ? { countSql: CUSTOMERS_OF_TENANTS }
          : { countSql: CUSTOMERS_LINKED_TO_SYSTEM, countParams: [system] }),
        atDone: async () => {
          atDone = await remote.calls();
        },
      },
      size,
      say,
    );
    await remote.afterMeasure();
    const held = await remote.records();
    if (held !== size)
      throw new Error(`${system} holds ${held} customers' records where ${size} were expected`);
    const externalCalls = atDone.calls - before.calls;
    say(`${externalCalls} calls (${atDone.rejected - before.rejected} refused)`);
    return {
      system,
      direction,
      size,
      tenants: 1,
      seedPerSecond,
      ...measured,
      recordsPerSecond: size / measured.seconds,
      externalCalls,
      rejectedCalls: atDone.rejected - before.rejected,
    };
  });
}
