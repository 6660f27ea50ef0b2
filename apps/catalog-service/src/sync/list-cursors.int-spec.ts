import { randomUUID } from 'node:crypto';

import { startTestCatalog, type TestCatalog, type TestTenant } from '../../test/test-catalog';

type Page = { data: Array<{ id: string }>; nextCursor: string | null };

/**
 * The keyset cursors of dead letters, activity and conflicts compare (created_at, id) exactly:
 * rows written within one millisecond, microseconds apart, are all paged through, none skipped
 * or repeated at a page boundary, whatever precision the column keeps. The cursor carries the
 * timestamp as PostgreSQL's text, not as a JavaScript Date (milliseconds).
 */
describe('list cursors at page boundaries', () => {
  let catalog: TestCatalog;
  let tenant: TestTenant;

  beforeAll(async () => {
    catalog = await startTestCatalog();
  });

  beforeEach(async () => {
    tenant = await catalog.newTenant();
  });

  afterAll(async () => {
    await catalog?.close();
  });

  /** Seven instants within one millisecond, microseconds apart. */
  const instants = Array.from({ length: 7 }, (_, i) => `2026-01-01T00:00:00.123${i}5${i}Z`);

  async function pageThrough(path: string): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query = cursor === null ? '' : `&cursor=${cursor}`;
      const page: { status: number; body: Page } = await tenant.client.get<Page>(
        `${path}?limit=2${query}`,
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.data.map((row) => row.id));
      cursor = page.body.nextCursor;
    } while (cursor !== null);
    return seen;
  }

  async function insertedIds(table: string): Promise<string[]> {
    const { rows } = await catalog.db.query(
      `SELECT id FROM ${table} WHERE tenant_id = $1 ORDER BY created_at DESC, id DESC`,
      [tenant.tenantId],
    );
    return rows.map((row: { id: string }) => row.id);
  }

  async function insertWithinOneMillisecond(): Promise<void> {
    for (const [index, at] of instants.entries()) {
      await catalog.db.query(
        `INSERT INTO dead_letters (id, tenant_id, consumer_group, topic, partition, "offset", error,
           created_at) VALUES ($1, $2, 'catalog-inbound', 'catalog.retry.v1', $3, $4, '{}', $5)`,
        [randomUUID(), tenant.tenantId, Math.floor(Math.random() * 1e6), index, at],
      );
      await catalog.db.query(
        `INSERT INTO activity (id, tenant_id, system, kind, created_at)
         VALUES ($1, $2, 'stripe', 'inbound.created', $3)`,
        [randomUUID(), tenant.tenantId, at],
      );
      await catalog.db.query(
        `INSERT INTO sync_conflicts (id, tenant_id, entity_type, entity_id, system, field,
           catalog_value, external_value, resolution, policy, created_at)
         VALUES ($1, $2, 'customer', $3, 'stripe', 'name', '"a"', '"b"', 'catalog',
           'catalog-wins', $4)`,
        [randomUUID(), tenant.tenantId, randomUUID(), at],
      );
    }
  }

  async function expectEveryRowPaged(): Promise<void> {
    expect(await pageThrough('/v1/dead-letters')).toEqual(await insertedIds('dead_letters'));
    expect(await pageThrough('/v1/sync/activity')).toEqual(await insertedIds('activity'));
    expect(await pageThrough('/v1/sync/conflicts')).toEqual(await insertedIds('sync_conflicts'));
    expect((await insertedIds('activity')).length).toBe(7);
  }

  it('pages through dead letters, activity and conflicts written in the same millisecond', async () => {
    await insertWithinOneMillisecond();
    await expectEveryRowPaged();
  });

  it("stays exact when the columns keep PostgreSQL's full microsecond precision", async () => {
    // This test's own database: the columns as a deployment keeping microseconds would have them.
    for (const table of ['dead_letters', 'activity', 'sync_conflicts']) {
      await catalog.db.query(`ALTER TABLE ${table} ALTER COLUMN created_at TYPE timestamptz(6)`);
    }
    await insertWithinOneMillisecond();
    const { rows } = await catalog.db.query(
      'SELECT count(DISTINCT created_at)::int AS n FROM activity WHERE tenant_id = $1',
      [tenant.tenantId],
    );
    expect(rows[0].n).toBe(7);
    await expectEveryRowPaged();
  });
});
