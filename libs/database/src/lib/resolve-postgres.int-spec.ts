import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Client } from 'pg';

import { resolvePostgres } from './resolve-postgres';
import { postgresAnswers } from './wait-for-postgres';

const localUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function query<T extends object>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('resolvePostgres', () => {
  it('uses an explicit databaseUrl as given', async () => {
    const resolved = await resolvePostgres({
      databaseUrl: 'postgres://app@db.example:5432/catalog',
    });
    expect(resolved).toMatchObject({
      url: 'postgres://app@db.example:5432/catalog',
      source: 'env',
    });
    await resolved.stop();
  });

  it('uses the local server when it answers', async () => {
    const { hostname, port } = new URL(localUrl);
    const resolved = await resolvePostgres({
      probeHost: hostname,
      probePort: Number(port || 5432),
    });
    expect(resolved.source).toBe('local');
    expect(await query<{ one: number }>(resolved.url, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  describe('embedded server', () => {
    let parent: string;

    beforeAll(() => {
      parent = mkdtempSync(join(tmpdir(), 'concord-embedded-pg-'));
      // mkdtemp makes the folder 0700; when we are root the server runs as `postgres` and must get through.
      chmodSync(parent, 0o755);
    });

    afterAll(() => rmSync(parent, { recursive: true, force: true }));

    it('starts when nothing answers, keeps its data across a stop and a start, and stops', async () => {
      const dataDir = join(parent, 'data');
      const embeddedPort = await freePort();
      const nothingThere = await freePort();
      const options = { embeddedDataDir: dataDir, embeddedPort, probePort: nothingThere };
      const messages: string[] = [];
      const logger = {
        log: (m: string) => messages.push(m),
        warn: (m: string) => messages.push(m),
      };

      const first = await resolvePostgres({ ...options, logger });
      expect(first).toMatchObject({
        source: 'embedded',
        url: `postgres://postgres@127.0.0.1:${embeddedPort}/postgres`,
      });
      expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
      await query(first.url, 'CREATE TABLE survivors (name text PRIMARY KEY)');
      await query(first.url, "INSERT INTO survivors VALUES ('ada')");
      await first.stop();
      expect(await postgresAnswers(first.url, 1000)).toBe(false);

      const second = await resolvePostgres({ ...options, logger });
      try {
        expect(second.source).toBe('embedded');
        expect(await query<{ name: string }>(second.url, 'SELECT name FROM survivors')).toEqual([
          { name: 'ada' },
        ]);
        // A second resolver on the same data directory shares the running server instead of failing.
        const shared = await resolvePostgres(options);
        await shared.stop();
        expect(await postgresAnswers(second.url, 1000)).toBe(true);
      } finally {
        await second.stop();
      }
      expect(await postgresAnswers(second.url, 1000)).toBe(false);
      expect(messages.filter((m) => m.startsWith('initialising'))).toHaveLength(1);
    }, 120_000);
  });
});
