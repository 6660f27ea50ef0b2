import { createServer, type Server } from 'node:http';

import { createLogDestination } from '@concord/observability';
import { Pool } from 'pg';
import pino from 'pino';

import type { RelayProcessConfig } from '../config/catalog-env';
import { resolveCatalogDatabase } from '../database/catalog-database';
import { createOutboxRelay, pruneSettingsOf } from './outbox-components';
import { OutboxPruner } from './outbox-pruner';

export const RELAY_SERVICE_NAME = 'catalog-outbox-relay';

export interface RelayProcess {
  url: string;
  stop(): Promise<void>;
}

/** `/health/live` always; `/health/ready` while connected to Kafka and PostgreSQL. */
function healthServer(isReady: () => boolean): Server {
  return createServer((req, res) => {
    const ready = isReady();
    const status =
      req.url === '/health/live' ? 200 : req.url === '/health/ready' ? (ready ? 200 : 503) : 404;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: status === 200 ? 'ok' : 'unavailable' }));
  });
}

/**
 * The outbox relay as its own process (catalog-service then runs with OUTBOX_RELAY_ENABLED=false,
 * or alongside it: the shard locks keep them apart). Also prunes, as catalog-service does.
 */
export async function startRelayProcess(config: RelayProcessConfig): Promise<RelayProcess> {
  const logger = pino(
    { level: config.LOG_LEVEL, base: { service: RELAY_SERVICE_NAME, pid: process.pid } },
    createLogDestination({
      serviceName: RELAY_SERVICE_NAME,
      pretty: config.LOG_FORMAT === 'pretty',
    }),
  );
  const databaseUrl = await resolveCatalogDatabase(config, { create: false });
  const relay = createOutboxRelay(config, databaseUrl, logger);
  const pool = new Pool({
    connectionString: databaseUrl,
    max: 1,
    application_name: RELAY_SERVICE_NAME,
  });
  pool.on('error', (error) => logger.warn({ err: error.message }, 'pruning connection failed'));
  const pruner = new OutboxPruner(
    async (sql, params) => (await pool.query(sql, params)).rows,
    pruneSettingsOf(config),
  );
  const pruning = setInterval(() => {
    pruner
      .pruneOnce()
      .then((result) => logger.debug(result, 'pruned'))
      .catch((error: unknown) => logger.warn({ err: String(error) }, 'pruning failed'));
  }, config.OUTBOX_PRUNE_INTERVAL_MS);
  relay.start();

  const server = healthServer(() => relay.isReady);
  await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, resolve));
  const url = `http://${config.HOST}:${config.PORT}`;
  logger.info({ url, shards: config.OUTBOX_RELAY_SHARDS }, 'outbox relay started');
  return {
    url,
    stop: async () => {
      clearInterval(pruning);
      await relay.stop();
      await pool.end();
      await new Promise((resolve) => server.close(resolve));
      logger.info('outbox relay stopped');
    },
  };
}
