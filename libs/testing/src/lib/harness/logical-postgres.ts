import { rmSync } from 'node:fs';
import { join } from 'node:path';

import { type EmbeddedPostgres, startEmbeddedPostgres } from '@concord/database';

import { freePort } from './free-port';
import { randomSuffix } from './test-ids';
import { workspaceRoot } from './workspace-root';

/** An embedded PostgreSQL of its own with logical decoding, for Debezium. */
export interface LogicalPostgres {
  /** Superuser URL of its `postgres` database. */
  url: string;
  port: number;
  /** Stops the server and deletes its data directory. */
  stop(): Promise<void>;
}

/**
 * Starts a fresh embedded PostgreSQL (`wal_level=logical`) on a free port, its data under
 * `tmp/` (git-ignored). The machine's shared server is never reconfigured for it.
 */
export async function startLogicalPostgres(name: string): Promise<LogicalPostgres> {
  const dataDir = join(workspaceRoot(), 'tmp', `${name}-pg-${randomSuffix()}`);
  const port = await freePort();
  let server: EmbeddedPostgres | undefined;
  const wipe = (): void => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(`${dataDir}.log`, { force: true });
  };
  try {
    server = await startEmbeddedPostgres({
      dataDir,
      port,
      startTimeoutMs: 90_000,
      settings: { wal_level: 'logical', max_wal_senders: '4', max_replication_slots: '4' },
    });
  } catch (error) {
    wipe();
    throw error;
  }
  const running = server;
  return {
    url: running.url,
    port,
    stop: async () => {
      await running.stop();
      wipe();
    },
  };
}
