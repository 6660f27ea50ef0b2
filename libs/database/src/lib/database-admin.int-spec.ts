import { randomBytes } from 'node:crypto';

import { RetryableError } from '@concord/errors';
import { Client } from 'pg';

import { dropDatabase, ensureDatabase } from './database-admin';
import { databaseUrlFor } from './postgres-url';
import { postgresAnswers, waitForPostgres } from './wait-for-postgres';

const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function databaseExists(name: string): Promise<boolean> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const result = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return result.rowCount === 1;
  } finally {
    await client.end();
  }
}

describe('database administration (real PostgreSQL)', () => {
  const name = `dbadmin_${randomBytes(4).toString('hex')}`;

  afterAll(() => dropDatabase(adminUrl, name));

  it('creates a database once, reports that it already exists, and serves it at databaseUrlFor', async () => {
    expect(await ensureDatabase(adminUrl, name)).toBe(true);
    expect(await ensureDatabase(adminUrl, name)).toBe(false);

    const client = new Client({ connectionString: databaseUrlFor(adminUrl, name) });
    await client.connect();
    const { rows } = await client.query<{ db: string }>('SELECT current_database() AS db');
    await client.end();
    expect(rows[0]?.db).toBe(name);
  });

  it('creates the database once when several callers race', async () => {
    const raced = `${name}_race`;
    try {
      const created = await Promise.all([1, 2, 3].map(() => ensureDatabase(adminUrl, raced)));
      expect(created.filter(Boolean)).toHaveLength(1);
      expect(await databaseExists(raced)).toBe(true);
    } finally {
      await dropDatabase(adminUrl, raced);
    }
  });

  it('drops a database that still has open connections, and tolerates a missing one', async () => {
    await ensureDatabase(adminUrl, name);
    const open = new Client({ connectionString: databaseUrlFor(adminUrl, name) });
    open.on('error', () => undefined);
    await open.connect();

    await dropDatabase(adminUrl, name);
    expect(await databaseExists(name)).toBe(false);
    await expect(dropDatabase(adminUrl, name)).resolves.toBeUndefined();
    await open.end().catch(() => undefined);
  });

  it('refuses an unsafe name before touching the server', async () => {
    await expect(ensureDatabase(adminUrl, 'x"; DROP DATABASE postgres; --')).rejects.toThrow(
      /lower-case letters/,
    );
  });
});

describe('waitForPostgres', () => {
  it('resolves for a server that answers', async () => {
    await expect(waitForPostgres(adminUrl, 5000)).resolves.toBeUndefined();
    expect(await postgresAnswers(adminUrl)).toBe(true);
  });

  it('gives up with a RetryableError that does not echo the password', async () => {
    // Port 1 is never a PostgreSQL server.
    const url = 'postgres://postgres:hunter2@127.0.0.1:1/postgres';
    const error = await waitForPostgres(url, 600, 100).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableError);
    expect((error as RetryableError).code).toBe('TIMEOUT');
    expect((error as Error).message).toContain('127.0.0.1:1');
    expect((error as Error).message).not.toContain('hunter2');
  });
});
