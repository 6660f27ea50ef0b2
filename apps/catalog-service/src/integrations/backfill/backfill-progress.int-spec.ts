import { eventually } from '@concord/testing';

import { startSyncCatalog, type SyncTestCatalog } from '../../../test/sync-test-kit';
import type { TestTenant } from '../../../test/test-catalog';
import type { IntegrationOverview } from '../../operator/integrations-overview.service';

jest.setTimeout(120_000);

describe('outbound backfill progress, paused with its connection (real PostgreSQL and Kafka)', () => {
  let catalog: SyncTestCatalog;

  beforeAll(async () => {
    catalog = await startSyncCatalog();
    await catalog.addConnector('stripe');
  });

  afterAll(async () => {
    await catalog?.close();
  });

  async function backfillOf(tenant: TestTenant): Promise<IntegrationOverview['backfill']> {
    const response = await tenant.client.get<{ data: IntegrationOverview[] }>(
      '/v1/overview/integrations',
    );
    expect(response.status).toBe(200);
    return response.body.data.find((item) => item.system === 'stripe')?.backfill ?? null;
  }

  async function withCustomers(count: number): Promise<TestTenant> {
    const tenant = await catalog.newTenant();
    for (let i = 0; i < count; i += 1) {
      const created = await tenant.client.post('/v1/customers', { name: `Backfilled ${i}` });
      expect(created.status).toBe(201);
    }
    const gone = await tenant.client.post<{ id: string }>('/v1/customers', { name: 'Deleted' });
    await tenant.client.delete(`/v1/customers/${gone.body.id}`);
    return tenant;
  }

  it('counts the records to send, waits while the connection is paused, and finishes after resume', async () => {
    const paused = await withCustomers(3);
    await catalog.connect(paused, 'stripe', { enabled: false, entityTypes: ['customer'] });
    expect((await paused.client.post('/v1/integrations/stripe/pause', {})).status).toBe(200);
    const enabled = await paused.client.patch('/v1/integrations/stripe', { enabled: true });
    expect(enabled.status).toBe(200);

    // Another tenant's backfill, started later, finishes: the paused one did not hold it up.
    const other = await withCustomers(2);
    await catalog.connect(other, 'stripe', { enabled: true, entityTypes: ['customer'] });
    await eventually(async () =>
      expect(await backfillOf(other)).toMatchObject({ status: 'done', published: 2, total: 2 }),
    );

    expect(await backfillOf(paused)).toMatchObject({
      status: 'paused',
      published: 0,
      total: 3,
      ratePerSecond: null,
      currentEntityType: 'customer',
      completedAt: null,
    });

    expect((await paused.client.post('/v1/integrations/stripe/resume', {})).status).toBe(200);
    await eventually(async () =>
      expect(await backfillOf(paused)).toMatchObject({
        status: 'done',
        published: 3,
        total: 3,
        currentEntityType: null,
        completedAt: expect.any(String),
      }),
    );
  });
});
