import { join } from 'node:path';

import { type AppProcess, randomSuffix, startAppProcess, workspaceRoot } from '@concord/testing';
import { Kafka, logLevel } from 'kafkajs';
import type { Pool } from 'pg';

import type { Figure } from '../compare/figures';
import { CostMeter } from '../cost/cost-meter';
import type { CostReading } from '../cost/window-cost';
import { insertBacklog, migrate } from '../outbox/outbox-drain';
import { benchBrokers } from '../services/bench-broker';
import { benchPool } from '../services/bench-pool';
import { startBenchPostgresServer } from '../services/bench-postgres-server';
import { type AppTree, scriptOf, treeHas } from '../world/app-tree';
import { OUTBOX_RELAY_APP } from '../world/bench-apps';
import { pollUntil, stageCostFigures } from './stage-figures';

const PARTITIONS = 6;
/** The size of a real catalog customer event (bytes). */
const PAYLOAD_BYTES = 900;

/** The tree's relay: the outbox-relay app where it exists, else catalog-service's relay.js. */
function relayScript(tree: AppTree): string {
  return treeHas(tree, OUTBOX_RELAY_APP.script)
    ? OUTBOX_RELAY_APP.script
    : 'dist/apps/catalog-service/src/relay.js';
}

/**
 * The relay draining a pre-filled outbox: `rows` outbox rows written by SQL into a catalog database
 * migrated by the tree's own migrations (on the bench's PostgreSQL with pg_stat_statements), then
 * the tree's relay started; timed and costed from its first record on Kafka to its last.
 */
export async function relayDrainStage(
  tree: AppTree,
  rows: number,
  log: (line: string) => void,
): Promise<Figure[]> {
  const server = await startBenchPostgresServer();
  const prefix = `bench${randomSuffix().slice(0, 6)}r.`;
  const topic = `${prefix}catalog.customer.v1`;
  const admin = new Kafka({
    clientId: `bench-relay-${randomSuffix()}`,
    brokers: benchBrokers(),
    logLevel: logLevel.NOTHING,
  }).admin();
  let pool: Pool | undefined;
  let relay: AppProcess | undefined;
  let meter: CostMeter | undefined;
  try {
    const database = await server.createDatabase('relay');
    migrate(server.adminUrl, database.name, tree.root);
    pool = benchPool({ connectionString: database.url, max: 2 });
    log(`relay stage (${tree.label}): writing ${rows} outbox rows`);
    await insertBacklog(pool, rows, PAYLOAD_BYTES);
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic, numPartitions: PARTITIONS }],
      waitForLeaders: true,
    });
    meter = await CostMeter.create(
      () => [
        { name: 'outbox-relay', pid: () => relay?.pid },
        { name: 'postgresql', pid: () => server.pid() },
      ],
      { adminUrl: server.adminUrl, database: database.name },
      log,
    );
    const published = async (): Promise<number> =>
      (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.offset), 0);
    let first: { reading: CostReading; count: number } | undefined;
    const current = meter;
    const drained = pollUntil(published, (count) => count >= rows, {
      everyMs: 50,
      onValue: async (count) => {
        if (!first && count > 0) first = { reading: await current.read(), count };
      },
    });
    relay = await startAppProcess({
      name: 'bench-stage-relay',
      script: scriptOf(tree, relayScript(tree)),
      env: {
        DATABASE_URL: server.adminUrl,
        CATALOG_DATABASE: database.name,
        KAFKA_BROKERS: benchBrokers().join(','),
        KAFKA_TOPIC_PREFIX: prefix,
        // Read by trees from before the topic catalog decided partitions; the topic exists already.
        CATALOG_TOPIC_PARTITIONS: String(PARTITIONS),
        LOG_LEVEL: 'warn',
        LOG_FORMAT: 'json',
        LOG_PRETTY: 'false',
      },
      logFile: join(workspaceRoot(), 'tmp', 'bench', 'logs', `${prefix}relay.log`),
      timeoutMs: 120_000,
    });
    await drained;
    const last = await meter.read();
    await meter.measureIdle(3_000);
    const start = first as { reading: CostReading; count: number };
    const seconds = (last.atMs - start.reading.atMs) / 1000;
    const perSecond = (rows - start.count) / seconds;
    log(`relay stage (${tree.label}): ${rows} rows, ${perSecond.toFixed(0)} rows/s`);
    return [
      { key: 'relay drain', value: perSecond, unit: 'rows/s' },
      ...stageCostFigures(
        'relay drain',
        'row',
        meter.costBetween(start.reading, last, rows - start.count),
      ),
    ];
  } finally {
    await relay?.stop().catch(() => undefined);
    await meter?.close().catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    await pool?.end().catch(() => undefined);
    await server.stop();
  }
}
