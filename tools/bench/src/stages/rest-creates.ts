import type { Pool } from 'pg';

import { measurePostgres } from '../baselines/postgres-baseline';
import type { Figure } from '../compare/figures';
import { CostMeter } from '../cost/cost-meter';
import { BENCH_QUERY_TAG } from '../counters/sql-statements';
import { runConcurrently } from '../load/concurrent-runner';
import { benchPool } from '../services/bench-pool';
import type { AppTree } from '../world/app-tree';
import { BenchWorld } from '../world/bench-world';
import { CatalogClient } from '../world/catalog-client';
import { pollUntil, stageCostFigures } from './stage-figures';

/** catalog-service's PostgreSQL pool (`extra.max` of its data source). */
const CATALOG_POOL_SIZE = 10;
const CONCURRENCY = 16;
/** The size of a real catalog customer event (bytes). */
const PAYLOAD_BYTES = 900;

/**
 * `count` REST creates (`POST /v1/customers`, one tenant, 16 in flight, closed loop), costed until
 * the relay has published every event they wrote; beside them the PostgreSQL baseline of the same
 * work: raw `pg`, one customer row plus one outbox row per transaction, no trigger, a pool of the
 * catalog's size, on the same server, costed the same way.
 */
export async function restCreatesStage(
  tree: AppTree,
  count: number,
  log: (line: string) => void,
): Promise<Figure[]> {
  const world = new BenchWorld({ tree });
  let meter: CostMeter | undefined;
  let pool: Pool | undefined;
  try {
    await world.start();
    for (const connector of world.connectors) await connector.stop();
    const tenant = await world.newTenant();
    pool = benchPool({ connectionString: world.database.url, max: 1 });
    const current = pool;
    const unpublished = async (): Promise<number> =>
      (
        await current.query<{ n: number }>(
          `SELECT ${BENCH_QUERY_TAG} count(*)::int AS n FROM outbox WHERE published_at IS NULL`,
        )
      ).rows[0]?.n ?? 0;
    meter = await CostMeter.open(world, log);
    await meter.measureIdle(3_000);

    log(`REST stage (${tree.label}): ${count} creates, ${CONCURRENCY} in flight`);
    const before = await meter.read();
    const rest = await runConcurrently(count, CONCURRENCY, async (index) =>
      CatalogClient.expectOk(
        await tenant.catalog.post('/v1/customers', {
          name: `Bench ${index}`,
          email: `rest-${index}@bench.example`,
        }),
        'customer not created',
      ),
    );
    await pollUntil(unpublished, (n) => n === 0, { everyMs: 100 });
    const after = await meter.read();
    log(`REST stage (${tree.label}): ${rest.perSecond.toFixed(0)} creates/s`);
    await meter.logHeaviestStatements();

    const baselineBefore = await meter.read();
    const baseline = await measurePostgres({
      databaseUrl: world.database.url,
      transactions: count,
      concurrency: CONCURRENCY,
      poolSize: CATALOG_POOL_SIZE,
      payloadBytes: PAYLOAD_BYTES,
      notifyTrigger: false,
    });
    const baselineAfter = await meter.read();
    log(
      `REST stage (${tree.label}): PostgreSQL row + outbox row ${baseline.perSecond.toFixed(0)}/s`,
    );
    return [
      { key: 'REST creates', value: rest.perSecond, unit: '/s' },
      { key: 'REST creates p50', value: rest.latency.p50, unit: 'ms' },
      { key: 'REST creates p99', value: rest.latency.p99, unit: 'ms' },
      ...stageCostFigures('REST create', 'create', meter.costBetween(before, after, count)),
      { key: 'PostgreSQL row + outbox row', value: baseline.perSecond, unit: 'tx/s' },
      { key: 'PostgreSQL row + outbox row p50', value: baseline.latency.p50, unit: 'ms' },
      ...stageCostFigures(
        'PostgreSQL row + outbox row',
        'tx',
        meter.costBetween(baselineBefore, baselineAfter, count),
      ),
      {
        key: 'REST creates / PostgreSQL baseline',
        value: rest.perSecond / baseline.perSecond,
        unit: '',
      },
    ];
  } finally {
    await meter?.close().catch(() => undefined);
    await pool?.end().catch(() => undefined);
    await world.stop();
  }
}
