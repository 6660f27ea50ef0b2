import { connectorStatusKey, connectorStatusTopic } from '@concord/model';
import { aConnectorStatus, eventually } from '@concord/testing';

import { startSyncCatalog, type SyncTestCatalog } from '../../../test/sync-test-kit';
import type { TestTenant } from '../../../test/test-catalog';
import type { IntegrationOverview } from '../../operator/integrations-overview.service';

jest.setTimeout(120_000);

describe('backfill and reconciliation progress (real PostgreSQL and Kafka)', () => {
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

  it("shows the connector's reconciliation progress from its status reports", async () => {
    const tenant = await catalog.newTenant();
    const connection = await catalog.connect(tenant, 'stripe', { enabled: false });
    const report = (run: Record<string, unknown>, observedAt: string) =>
      catalog.publish(
        catalog.topic(connectorStatusTopic('stripe')),
        connectorStatusKey(tenant.tenantId, connection.connectionId),
        aConnectorStatus({
          tenant: tenant.tenantId,
          connectionId: connection.connectionId,
          observedAt,
          inboundRun: {
            kind: 'reconciliation',
            seen: 0,
            published: 0,
            entityType: null,
            startedAt: '2030-01-01T00:00:00.000Z',
            finishedAt: null,
            state: 'running',
            ...run,
          } as never,
        }),
      );
    const statusOf = async () => {
      const response = await tenant.client.get<{ data: IntegrationOverview[] }>(
        '/v1/overview/integrations',
      );
      return response.body.data.find((item) => item.system === 'stripe')?.status ?? null;
    };

    await report({ seen: 200, published: 3, entityType: 'product' }, '2030-01-01T00:00:05.000Z');
    await eventually(async () =>
      expect((await statusOf())?.inboundRun).toMatchObject({
        kind: 'reconciliation',
        state: 'running',
        seen: 200,
        published: 3,
        entityType: 'product',
      }),
    );
    await report(
      { seen: 250, published: 4, state: 'done', finishedAt: '2030-01-01T00:00:09.000Z' },
      '2030-01-01T00:00:09.000Z',
    );
    await eventually(async () =>
      expect((await statusOf())?.inboundRun).toMatchObject({
        state: 'done',
        seen: 250,
        published: 4,
        finishedAt: '2030-01-01T00:00:09.000Z',
      }),
    );
  });
});
