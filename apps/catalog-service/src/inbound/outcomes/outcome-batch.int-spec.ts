import { connectorOutcomeTopic, type SyncOutcome, syncOutcomeKey } from '@concord/model';
import { aSyncOutcome, eventually } from '@concord/testing';

import { publishOnePartition, SqlWatch, watchOffsetCommits } from '../../../test/applier-probes';
import { startSyncCatalog, type SyncTestCatalog } from '../../../test/sync-test-kit';

jest.setTimeout(120_000);

/** Outcomes of connector writes, applied in batches like inbound changes (real broker and database). */
describe('outcomes in batches (real PostgreSQL and Kafka)', () => {
  let catalog: SyncTestCatalog;
  let sql: SqlWatch;
  let commits: ReturnType<typeof watchOffsetCommits>;

  beforeAll(async () => {
    catalog = await startSyncCatalog();
    sql = new SqlWatch(catalog.app);
    commits = watchOffsetCommits(catalog.app);
    await catalog.addConnector('stripe');
  });

  afterAll(async () => {
    await catalog?.close();
  });

  it('records a batch of outcomes in one transaction with one offset commit, the older version of a record ignored', async () => {
    const tenant = await catalog.newTenant();
    const { connectionId } = await catalog.connect(tenant, 'stripe', { enabled: true });
    const ids: string[] = [];
    for (let i = 0; i < 8; i += 1) {
      const created = await tenant.client.post<{ id: string }>('/v1/customers', {
        name: `Outcome ${i}`,
      });
      ids.push(created.body.id);
    }
    const patched = await tenant.client.patch(
      `/v1/customers/${ids[0]}`,
      { name: 'Outcome zero' },
      { headers: { 'if-match': '1' } },
    );
    expect(patched.status).toBe(200);
    const outcome = (id: string, entityVersion: number, externalVersion: string): SyncOutcome =>
      aSyncOutcome({
        tenant: tenant.tenantId,
        connectionId,
        entityId: id,
        entityVersion,
        status: 'synced',
        externalId: `cus_${id.slice(0, 8)}`,
        externalVersion,
      });
    // Record 0: version 2's outcome first, then version 1's, which a newer write already answered.
    const outcomes = [
      outcome(ids[0], 2, '2'),
      ...ids.slice(1).map((id) => outcome(id, 1, '1')),
      outcome(ids[0], 1, '1'),
    ];
    const topic = catalog.topic(connectorOutcomeTopic('stripe'));
    sql.start();
    commits.reset();

    await publishOnePartition(
      topic,
      outcomes.map((o) => ({ key: syncOutcomeKey(o.tenant, o.data.entityId), envelope: o })),
    );

    const states = await eventually(
      async () => {
        const { rows } = await catalog.db.query<{ entity_id: string; entity_version: number }>(
          `SELECT entity_id, entity_version FROM sync_states
           WHERE tenant_id = $1 AND system = 'stripe' AND state = 'synced'`,
          [tenant.tenantId],
        );
        expect(rows).toHaveLength(8);
        return rows;
      },
      { timeoutMs: 20_000 },
    );
    expect(states).toContainEqual({ entity_id: ids[0], entity_version: 2 });
    const { rows: links } = await catalog.db.query<{ external_version: string }>(
      `SELECT external_version FROM identity_links WHERE tenant_id = $1 AND entity_id = $2`,
      [tenant.tenantId, ids[0]],
    );
    expect(links).toEqual([{ external_version: '2' }]);
    await eventually(() => expect(commits.commitsOf(topic)).toBe(1), { timeoutMs: 10_000 });
    expect(sql.transactionsTouching('sync_states')).toHaveLength(1);
  });
});
