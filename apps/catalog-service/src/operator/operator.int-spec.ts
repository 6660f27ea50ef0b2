import { createKafkaClient, TopicAdmin } from '@concord/kafka';
import {
  connectorOutcomeTopic,
  connectorStatusKey,
  connectorStatusTopic,
  syncOutcomeKey,
} from '@concord/model';
import { aConnectorStatus, aSyncOutcome, eventually, testKafkaBrokers } from '@concord/testing';
import type { Consumer } from 'kafkajs';

import { startSyncCatalog, type SyncTestCatalog } from '../../test/sync-test-kit';
import type { TestTenant } from '../../test/test-catalog';
import type { IntegrationOverview } from './integrations-overview.service';
import type { SessionView } from './session.controller';
import type { SyncCharts } from './sync-charts.service';

jest.setTimeout(120_000);

describe('operator console API: session and integrations overview (real PostgreSQL and Kafka)', () => {
  let catalog: SyncTestCatalog;
  let tenant: TestTenant;

  beforeAll(async () => {
    catalog = await startSyncCatalog();
    await catalog.addConnector('stripe');
  });

  beforeEach(async () => {
    tenant = await catalog.newTenant();
  });

  afterAll(async () => {
    await catalog?.close();
  });

  async function readOnlyKey(): Promise<string> {
    const created = await tenant.client.post<{ key: string }>('/v1/api-keys', {
      name: 'auditor',
      scopes: ['read'],
    });
    expect(created.status).toBe(201);
    return created.body.key;
  }

  async function overview(key?: string): Promise<Map<string, IntegrationOverview>> {
    const response = await tenant.client.get<{ data: IntegrationOverview[] }>(
      '/v1/overview/integrations',
      key === undefined ? {} : { key },
    );
    expect(response.status).toBe(200);
    return new Map(response.body.data.map((item) => [item.system, item]));
  }

  it('tells a key who it is and which scopes it has', async () => {
    const admin = await tenant.client.get<SessionView>('/v1/session');
    expect(admin.status).toBe(200);
    expect(admin.body).toMatchObject({
      tenantId: tenant.tenantId,
      tenantName: `Tenant ${tenant.tenantId}`,
      apiKeyId: tenant.apiKeyId,
    });
    expect([...admin.body.scopes].sort()).toEqual(['admin', 'read', 'write']);

    const reader = await tenant.client.get<SessionView>('/v1/session', {
      key: await readOnlyKey(),
    });
    expect(reader.status).toBe(200);
    expect(reader.body).toMatchObject({ keyName: 'auditor', scopes: ['read'] });

    expect((await tenant.client.get('/v1/session', { key: 'sk_nope_x' })).status).toBe(401);
    expect((await tenant.client.get('/v1/session', { key: null })).status).toBe(401);
  });

  it('lists the known systems as not connected for a new tenant, also to a read-only key', async () => {
    const key = await readOnlyKey();
    // The settings themselves stay admin-only; the overview is what a reader may see.
    expect((await tenant.client.get('/v1/integrations', { key })).status).toBe(403);
    const systems = await overview(key);
    expect([...systems.keys()]).toEqual(expect.arrayContaining(['salesforce', 'stripe', 'xero']));
    expect(systems.get('stripe')).toMatchObject({
      connection: null,
      status: null,
      lastSyncedAt: null,
      changesLastHour: 0,
      openFailures: 0,
      failedRecords: 0,
      heldDeletes: 0,
      backfill: null,
    });
  });

  it('shows the connection, the connector status, the last sync and the changes of the last hour', async () => {
    const connection = await catalog.connect(tenant, 'stripe', {
      enabled: true,
      direction: 'outbound',
      entityTypes: ['customer'],
    });
    await catalog.publish(
      catalog.topic(connectorStatusTopic('stripe')),
      connectorStatusKey(tenant.tenantId, connection.connectionId),
      aConnectorStatus({
        tenant: tenant.tenantId,
        connectionId: connection.connectionId,
        health: 'healthy',
        state: 'active',
        budget: { used: 25, limit: 25, windowMs: 1000 },
      }),
    );
    const customer = await tenant.client.post<{ id: string }>('/v1/customers', {
      name: 'Overview Otto',
    });
    for (const [entityId, status] of [
      [customer.body.id, 'synced'],
      [customer.body.id, 'failed'],
    ] as const) {
      const outcome = aSyncOutcome({
        tenant: tenant.tenantId,
        connectionId: connection.connectionId,
        entityId,
        entityVersion: status === 'synced' ? 1 : 2,
        status,
      });
      if (status === 'failed') {
        await tenant.client.patch(
          `/v1/customers/${entityId}`,
          { phone: '+1 555 0101' },
          { headers: { 'if-match': '1' } },
        );
      }
      await catalog.publish(
        catalog.topic(connectorOutcomeTopic('stripe')),
        syncOutcomeKey(tenant.tenantId, entityId),
        outcome,
      );
      await eventually(async () => {
        const sync = await tenant.client.get<{ systems: Array<{ state: string }> }>(
          `/v1/customers/${entityId}/sync`,
        );
        expect(sync.body.systems[0]?.state).toBe(status);
      });
    }

    const stripe = (await overview()).get('stripe');
    expect(stripe).toMatchObject({
      connection: {
        enabled: true,
        paused: false,
        direction: 'outbound',
        entityTypes: ['customer'],
      },
      status: {
        health: 'healthy',
        state: 'active',
        budget: { used: 25, limit: 25, windowMs: 1000 },
      },
      changesLastHour: 1,
      failedRecords: 1,
    });
    // Enabling the connection started an outbound backfill of its customers.
    await eventually(async () => {
      expect((await overview()).get('stripe')?.backfill).toMatchObject({
        status: 'done',
        entityTypes: ['customer'],
        currentEntityType: null,
        published: expect.any(Number),
      });
    });
    expect(Date.parse(stripe?.lastSyncedAt ?? '')).toBeGreaterThan(Date.now() - 60_000);

    const charts = await tenant.client.get<SyncCharts>('/v1/overview/charts?minutes=15');
    expect(charts.status).toBe(200);
    // Both outcomes landed within the last minute or two: one change, one failure in all.
    const stripeMinutes = charts.body.perMinute.filter((point) => point.system === 'stripe');
    expect(stripeMinutes.reduce((sum, point) => sum + point.changes, 0)).toBe(1);
    expect(stripeMinutes.reduce((sum, point) => sum + point.failures, 0)).toBe(1);
    expect(charts.body.budgets).toEqual([
      expect.objectContaining({
        system: 'stripe',
        budget: { used: 25, limit: 25, windowMs: 1000 },
      }),
    ]);
    const tooShort = await tenant.client.get<{
      error: { details: { fields: Array<{ field: string }> } };
    }>('/v1/overview/charts?minutes=2');
    expect(tooShort.status).toBe(400);
    expect(tooShort.body.error.details.fields.map((f) => f.field)).toEqual(['minutes']);

    await tenant.client.post('/v1/integrations/stripe/pause', { reason: 'month end' });
    expect((await overview()).get('stripe')?.connection).toMatchObject({
      paused: true,
      pausedReason: 'month end',
    });
  });

  it("charts each minute's peak rate budget and API allocation from the connector's reports", async () => {
    const connection = await catalog.connect(tenant, 'stripe', { enabled: false });
    const minute = Math.floor(Date.now() / 60_000) * 60_000;
    const earlier = minute - 120_000;
    const later = minute - 60_000;
    const reports = [
      { at: earlier + 5_000, budget: { used: 5, limit: 25, windowMs: 1000 }, apiAllocation: null },
      {
        at: earlier + 20_000,
        budget: { used: 20, limit: 25, windowMs: 1000 },
        apiAllocation: null,
      },
      { at: earlier + 40_000, budget: { used: 2, limit: 25, windowMs: 1000 }, apiAllocation: null },
      {
        at: later + 10_000,
        budget: { used: 8, limit: 25, windowMs: 1000 },
        apiAllocation: { used: 14_000, limit: 15_000 },
      },
    ];
    for (const report of reports) {
      await catalog.publish(
        catalog.topic(connectorStatusTopic('stripe')),
        connectorStatusKey(tenant.tenantId, connection.connectionId),
        aConnectorStatus({
          tenant: tenant.tenantId,
          connectionId: connection.connectionId,
          budget: report.budget,
          apiAllocation: report.apiAllocation,
          observedAt: new Date(report.at).toISOString(),
        }),
      );
    }
    await eventually(async () => {
      const charts = await tenant.client.get<SyncCharts>('/v1/overview/charts?minutes=15');
      expect(charts.body.budgetPerMinute).toEqual([
        {
          minute: new Date(earlier).toISOString(),
          system: 'stripe',
          budget: { used: 20, limit: 25 },
          apiAllocation: null,
        },
        {
          minute: new Date(later).toISOString(),
          system: 'stripe',
          budget: { used: 8, limit: 25 },
          apiAllocation: { used: 14_000, limit: 15_000 },
        },
      ]);
    });
  });

  it('names a system whose connector is running even when no tenant is connected to it', async () => {
    const kafka = createKafkaClient({ brokers: testKafkaBrokers(), clientId: 'operator-spec' });
    const admin = new TopicAdmin(kafka);
    const topic = catalog.topic('connector.acme-erp.retry.v1');
    await admin.ensureTopics([{ name: topic, partitions: 1 }]);
    const consumer: Consumer = kafka.consumer({
      groupId: `${catalog.prefix}connector-acme-erp`,
      sessionTimeout: 6000,
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topic });
      await consumer.run({ eachMessage: async () => undefined });
      await eventually(
        async () => {
          const systems = await overview();
          expect(systems.get('acme-erp')).toMatchObject({
            connectorRunning: true,
            connection: null,
          });
          expect(systems.get('xero')?.connectorRunning).toBe(false);
        },
        { timeoutMs: 40_000 },
      );
    } finally {
      await consumer.disconnect();
      await admin.disconnect();
    }
  });
});
