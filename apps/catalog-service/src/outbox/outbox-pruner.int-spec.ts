import { randomUUID } from 'node:crypto';

import { OutboxPruner, type PruneSettings } from '@concord/catalog-outbox';
import { type TestDatabase, testDatabase } from '@concord/testing';
import { Pool } from 'pg';

import { runCatalogMigrations } from '../database/run-migrations';

const HOUR = 3_600_000;

describe('OutboxPruner against PostgreSQL', () => {
  let database: TestDatabase;
  let db: Pool;
  const now = new Date('2026-06-01T12:00:00Z');
  const hoursAgo = (hours: number): Date => new Date(now.getTime() - hours * HOUR);
  const settings: PruneSettings = {
    outboxRetentionHours: 72,
    pruneBy: 'published',
    inboxRetentionHours: 168,
    idempotencyRetentionHours: 24,
  };

  beforeAll(async () => {
    database = await testDatabase('pruner');
    await runCatalogMigrations(database.url);
    db = new Pool({ connectionString: database.url, max: 2 });
  });

  afterAll(async () => {
    await db?.end();
    await database?.drop();
  });

  beforeEach(async () => {
    await db.query('TRUNCATE outbox, inbox, idempotency_keys');
  });

  async function outboxRow(name: string, createdAt: Date, publishedAt: Date | null): Promise<void> {
    await db.query(
      `INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload, tenant, headers, created_at, published_at)
       VALUES ($1, 'customer', $2, 'concord.catalog.customer.created', '{}', 't1', '{}', $3, $4)`,
      [randomUUID(), name, createdAt, publishedAt],
    );
  }

  async function remaining(sql: string): Promise<string[]> {
    return (await db.query(sql)).rows.map((row) => row.name).sort();
  }

  const pruner = (overrides: Partial<PruneSettings> = {}) =>
    new OutboxPruner(async (sql, params) => (await db.query(sql, params)).rows, {
      ...settings,
      ...overrides,
    });

  it('deletes only outbox rows published before the retention, and old inbox and idempotency rows', async () => {
    await outboxRow('old-published', hoursAgo(100), hoursAgo(99));
    await outboxRow('old-unpublished', hoursAgo(100), null);
    await outboxRow('old-but-recently-published', hoursAgo(100), hoursAgo(1));
    await outboxRow('recent-published', hoursAgo(2), hoursAgo(1));
    for (const [id, at] of [
      ['old-inbox', hoursAgo(200)],
      ['recent-inbox', hoursAgo(100)],
    ] as const) {
      await db.query(
        `INSERT INTO inbox (tenant_id, system, source_event_id, received_at) VALUES ('t1', 'stripe', $1, $2)`,
        [id, at],
      );
    }
    for (const [key, at] of [
      ['old-key', hoursAgo(30)],
      ['recent-key', hoursAgo(1)],
    ] as const) {
      await db.query(
        `INSERT INTO idempotency_keys (tenant_id, key, method, path, request_hash, created_at)
         VALUES ('t1', $1, 'POST', '/v1/customers', 'h', $2)`,
        [key, at],
      );
    }

    expect(await pruner().pruneOnce(now)).toEqual({ outbox: 1, inbox: 1, idempotencyKeys: 1 });
    expect(await remaining('SELECT aggregateid AS name FROM outbox')).toEqual([
      'old-but-recently-published',
      'old-unpublished',
      'recent-published',
    ]);
    expect(await remaining('SELECT source_event_id AS name FROM inbox')).toEqual(['recent-inbox']);
    expect(await remaining('SELECT key AS name FROM idempotency_keys')).toEqual(['recent-key']);
    expect(await pruner().pruneOnce(now)).toEqual({ outbox: 0, inbox: 0, idempotencyKeys: 0 });
  });

  it('prunes by creation time when Debezium publishes instead of the relay', async () => {
    await outboxRow('old-unpublished', hoursAgo(100), null);
    await outboxRow('recent-unpublished', hoursAgo(1), null);
    const result = await pruner({ pruneBy: 'created' }).pruneOnce(now);
    expect(result.outbox).toBe(1);
    expect(await remaining('SELECT aggregateid AS name FROM outbox')).toEqual([
      'recent-unpublished',
    ]);
  });

  it('drains more rows than one batch', async () => {
    await db.query(
      `INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload, tenant, headers, created_at, published_at)
       SELECT gen_random_uuid(), 'customer', 'k' || n, 't', '{}', 't1', '{}', $1, $1
       FROM generate_series(1, 12000) AS n`,
      [hoursAgo(100)],
    );
    expect((await pruner().pruneOnce(now)).outbox).toBe(12000);
    expect((await db.query('SELECT count(*)::int AS n FROM outbox')).rows[0].n).toBe(0);
  });
});
