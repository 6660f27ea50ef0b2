import {
  databaseUrlFor,
  dropDatabase,
  ensureDatabase,
  type ResolvedPostgres,
  resolvePostgres,
} from '@concord/database';
import { randomSuffix } from '@concord/testing';

/** A database of the bench's own (never `concord`, never a test's), dropped at the end. */
export interface BenchDatabase {
  adminUrl: string;
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** The machine's PostgreSQL (DATABASE_URL, else local 5432, else the embedded fallback). */
export async function createBenchDatabase(purpose: string): Promise<BenchDatabase> {
  const server: ResolvedPostgres = await resolvePostgres({
    databaseUrl: process.env['BENCH_DATABASE_URL'],
    embeddedName: 'bench',
  });
  const name = `bench_${purpose}_${randomSuffix()}`;
  await ensureDatabase(server.url, name);
  return {
    adminUrl: server.url,
    name,
    url: databaseUrlFor(server.url, name),
    drop: async () => {
      await dropDatabase(server.url, name);
      await server.stop();
    },
  };
}
