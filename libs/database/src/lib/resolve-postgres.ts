import { join } from 'node:path';

import { startEmbeddedPostgres } from './embedded-postgres';
import { PostgresLogger, silentPostgresLogger } from './postgres-logger';
import { describePostgresUrl } from './postgres-url';
import { postgresAnswers } from './wait-for-postgres';
import { findWorkspaceRoot } from './workspace-root';

export interface ResolvePostgresOptions {
  /** An explicit server (usually DATABASE_URL): used as given, nothing is probed or started. */
  databaseUrl?: string;
  /** Data directory of the embedded server; default `.cache/postgres/<embeddedName>` under the workspace root. */
  embeddedDataDir?: string;
  /** Names the default data directory; default `default`. */
  embeddedName?: string;
  /** Port of the embedded server; default 5433 (beside a local server on 5432). */
  embeddedPort?: number;
  probeHost?: string;
  probePort?: number;
  logger?: PostgresLogger;
}

export type PostgresSource = 'env' | 'local' | 'embedded';

export interface ResolvedPostgres {
  /** Superuser (admin) URL: create per-purpose databases with ensureDatabase and databaseUrlFor. */
  url: string;
  source: PostgresSource;
  /** Stops the embedded server if this call started it; otherwise does nothing. */
  stop(): Promise<void>;
}

/**
 * Finds the PostgreSQL server to use: `databaseUrl` if given; else the local server on
 * probeHost:probePort if it answers `SELECT 1` as user `postgres` (trust authentication); else an
 * embedded server started from the `embedded-postgres` binaries.
 */
export async function resolvePostgres(
  options: ResolvePostgresOptions = {},
): Promise<ResolvedPostgres> {
  const logger = options.logger ?? silentPostgresLogger;
  const noop = async (): Promise<void> => undefined;
  if (options.databaseUrl) {
    logger.log(`PostgreSQL from DATABASE_URL: ${describePostgresUrl(options.databaseUrl)}`);
    return { url: options.databaseUrl, source: 'env', stop: noop };
  }

  const { probeHost = '127.0.0.1', probePort = 5432 } = options;
  const localUrl = `postgres://postgres@${probeHost}:${probePort}/postgres`;
  if (await postgresAnswers(localUrl, 2000)) {
    logger.log(`PostgreSQL: local server on ${probeHost}:${probePort}`);
    return { url: localUrl, source: 'local', stop: noop };
  }

  const dataDir =
    options.embeddedDataDir ??
    join(findWorkspaceRoot(), '.cache', 'postgres', options.embeddedName ?? 'default');
  const port = options.embeddedPort ?? 5433;
  logger.log(
    `no PostgreSQL on ${probeHost}:${probePort}; using an embedded server on port ${port}`,
  );
  const embedded = await startEmbeddedPostgres({ dataDir, port, logger });
  return { url: embedded.url, source: 'embedded', stop: embedded.stop };
}
