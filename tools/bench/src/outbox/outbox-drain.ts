import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

import { databaseUrlFor } from '@concord/database';
import {
  type AppProcess,
  KafkaConnect,
  outboxConnectorFor,
  randomSuffix,
  startAppProcess,
  startLogicalPostgres,
  workspaceRoot,
} from '@concord/testing';
import { type Admin, Kafka, logLevel } from 'kafkajs';
import type { Pool } from 'pg';

import { benchPool } from '../services/bench-pool';
import { type DrainRate, drainRate, type DrainSample } from './drain-rate';

export interface OutboxDrainOptions {
  brokers: string[];
  /** Outbox rows in the backlog each publisher drains. */
  rows: number;
  /** Bytes of each row's payload: the size of a real catalog event. */
  payloadBytes: number;
  log(line: string): void;
}

export interface OutboxDrainResult extends DrainRate {
  publisher: 'relay' | 'debezium';
}

const PARTITIONS = 6;
const INSERT_BATCH = 500;
const SAMPLE_EVERY_MS = 50;

// Rows as catalog-service writes them: a customer event, its six Kafka headers in the column.
const INSERT_ROWS = `
  INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload, tenant, headers, created_at)
  SELECT id, 'customer', 'bench:c' || n, 'concord.catalog.customer.created',
    jsonb_build_object('id', id, 'type', 'concord.catalog.customer.created', 'data', $1::text),
    'bench',
    jsonb_build_object('x-origin', 'catalog', 'x-tenant', 'bench', 'x-event-id', id::text,
      'content-type', 'application/json', 'x-correlation-id', id::text, 'x-entity-version', '1'),
    now()
  FROM (SELECT gen_random_uuid() AS id, n FROM generate_series($2::int, $3::int) AS n) AS r`;

/**
 * catalog-service's own migrations (those of the tree at `root`, default this one), so the outbox
 * has its real layout, index and trigger.
 */
export function migrate(adminUrl: string, database: string, root = workspaceRoot()): void {
  const result = spawnSync(
    process.execPath,
    [join(root, 'dist/apps/catalog-service/src/database/migrate.js')],
    {
      cwd: workspaceRoot(),
      env: {
        ...process.env,
        DATABASE_URL: adminUrl,
        CATALOG_DATABASE: database,
        LOG_LEVEL: 'warn',
      },
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) throw new Error(`catalog migrations failed: ${result.stderr}`);
}

/** `rows` outbox rows as catalog-service writes them, in batches of INSERT_BATCH. */
export async function insertBacklog(pool: Pool, rows: number, payloadBytes: number): Promise<void> {
  const data = 'x'.repeat(Math.max(1, payloadBytes - 120));
  for (let first = 1; first <= rows; first += INSERT_BATCH) {
    await pool.query(INSERT_ROWS, [data, first, Math.min(rows, first + INSERT_BATCH - 1)]);
  }
}

/** Samples the topic's record count until it holds `total` records or `timeoutMs` passes. */
async function sampleTopic(
  admin: Admin,
  topic: string,
  total: number,
  timeoutMs: number,
): Promise<DrainSample[]> {
  const samples: DrainSample[] = [];
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const offsets = await admin.fetchTopicOffsets(topic);
    const count = offsets.reduce((sum, partition) => sum + Number(partition.offset), 0);
    samples.push({ atMs: Date.now(), count });
    if (count >= total) break;
    await new Promise((resolve) => setTimeout(resolve, SAMPLE_EVERY_MS));
  }
  return samples;
}

/**
 * The same backlog of outbox rows drained twice, on a PostgreSQL of its own with logical decoding:
 * first by Debezium (the shipped connector on one Kafka Connect worker, paused while the rows are
 * written, then resumed), then by the built-in relay (`relay.js`, catalog-service's standalone
 * relay process with its defaults), each to its own topic prefix. Rates count from the first
 * record published to the last.
 */
export async function measureOutboxDrain(
  options: OutboxDrainOptions,
): Promise<OutboxDrainResult[]> {
  const { brokers, rows, log } = options;
  const suffix = randomSuffix();
  const database = `bench_outbox_${suffix}`;
  const prefixes = { debezium: `bench${suffix}d.`, relay: `bench${suffix}r.` };
  const topicOf = (prefix: string): string => `${prefix}catalog.customer.v1`;
  const timeoutMs = Math.max(60_000, rows * 20);
  const workDir = join(workspaceRoot(), 'tmp', 'bench', `connect-${suffix}`);
  const postgres = await startLogicalPostgres('bench-outbox');
  const connect = new KafkaConnect({ brokers, workDir });
  const admin = new Kafka({
    clientId: `bench-outbox-${suffix}`,
    brokers,
    logLevel: logLevel.NOTHING,
  }).admin();
  let pool: Pool | undefined;
  let relay: AppProcess | undefined;
  try {
    migrate(postgres.url, database);
    pool = benchPool({ connectionString: databaseUrlFor(postgres.url, database), max: 2 });
    await pool.query('CREATE PUBLICATION concord_outbox FOR TABLE outbox');
    await admin.connect();
    await admin.createTopics({
      topics: Object.values(prefixes).map((prefix) => ({
        topic: topicOf(prefix),
        numPartitions: PARTITIONS,
      })),
      waitForLeaders: true,
    });

    log(`outbox drain: starting Kafka Connect with the Debezium connector`);
    await connect.start();
    const connector = outboxConnectorFor({
      host: '127.0.0.1',
      port: postgres.port,
      user: 'postgres',
      database,
      topicPrefix: prefixes.debezium,
      suffix,
    });
    await connect.deploy(connector);
    await connect.pause(connector.name);
    log(`outbox drain: writing ${rows} outbox rows`);
    await insertBacklog(pool, rows, options.payloadBytes);

    const debeziumSamples = sampleTopic(admin, topicOf(prefixes.debezium), rows, timeoutMs);
    await connect.resume(connector.name);
    const debezium = drainRate(await debeziumSamples, rows);
    log(`outbox drain: Debezium ${debezium.perSecond.toFixed(0)} rows/s`);
    await connect.stop();

    const relaySamples = sampleTopic(admin, topicOf(prefixes.relay), rows, timeoutMs);
    relay = await startAppProcess({
      name: 'bench-outbox-relay',
      script: 'dist/apps/outbox-relay/src/main.js',
      env: {
        DATABASE_URL: postgres.url,
        CATALOG_DATABASE: database,
        KAFKA_BROKERS: brokers.join(','),
        KAFKA_TOPIC_PREFIX: prefixes.relay,
        // Read by trees from before the topic catalog decided partitions; the topic exists already.
        CATALOG_TOPIC_PARTITIONS: String(PARTITIONS),
        LOG_LEVEL: 'warn',
      },
      logFile: join(workspaceRoot(), 'tmp', 'bench', 'logs', `outbox-relay-${suffix}.log`),
    });
    const relayRate = drainRate(await relaySamples, rows);
    log(`outbox drain: relay ${relayRate.perSecond.toFixed(0)} rows/s`);
    return [
      { publisher: 'relay', ...relayRate },
      { publisher: 'debezium', ...debezium },
    ];
  } finally {
    await relay?.stop();
    await connect.stop();
    await admin.disconnect();
    await pool?.end();
    await postgres.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}
