import { connectorStatusKey, connectorStatusTopic } from '@concord/model';
import { aConnectorStatus, eventually } from '@concord/testing';

import { startSyncCatalog, type SyncTestCatalog } from '../../test/sync-test-kit';
import type { TestTenant } from '../../test/test-catalog';
import type { IntegrationView } from '../integrations/connection-settings.mapper';
import type { ConnectionTestView } from './connection-tests.service';

jest.setTimeout(120_000);

describe('connection tests: asked through the connection settings, answered on the status topic (real PostgreSQL and Kafka)', () => {
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

  async function connectWithKey(): Promise<IntegrationView> {
    const connection = await catalog.connect(tenant, 'stripe', { enabled: false });
    const set = await tenant.client.post('/v1/integrations/stripe/credentials', {
      apiKey: 'sk_test_connection_test_1234',
    });
    expect(set.status).toBe(200);
    return connection;
  }

  async function answer(
    connectionId: string,
    requestId: string,
    outcome: 'succeeded' | 'failed',
    message: string | null,
  ): Promise<void> {
    await catalog.publish(
      catalog.topic(connectorStatusTopic('stripe')),
      connectorStatusKey(tenant.tenantId, connectionId),
      aConnectorStatus({
        tenant: tenant.tenantId,
        connectionId,
        health: outcome === 'succeeded' ? 'healthy' : 'down',
        state: 'disabled',
        reason: message,
        connectionTest: {
          requestId,
          outcome,
          message,
          errorCode: outcome === 'failed' ? 'REVOKED_CREDENTIALS' : null,
          testedAt: new Date().toISOString(),
        },
      }),
    );
  }

  async function settled(id: string): Promise<ConnectionTestView> {
    return eventually(
      async () => {
        const polled = await tenant.client.get<ConnectionTestView>(
          `/v1/integrations/stripe/tests/${id}`,
        );
        expect(polled.status).toBe(200);
        if (polled.body.status === 'pending') throw new Error('still pending');
        return polled.body;
      },
      { timeoutMs: 20_000 },
    );
  }

  it('answers 202 with a pending test, asks the connector through the settings, and shows its answer', async () => {
    const connection = await connectWithKey();

    const asked = await tenant.client.post<ConnectionTestView>('/v1/integrations/stripe/test', {});

    expect(asked.status).toBe(202);
    expect(asked.body).toMatchObject({
      system: 'stripe',
      connectionId: connection.connectionId,
      status: 'pending',
      message: null,
      testedAt: null,
    });
    const settings = await tenant.client.get<IntegrationView>('/v1/integrations/stripe');
    expect(settings.body.settings).toMatchObject({ requestedConnectionTest: asked.body.id });
    const audit = await tenant.client.get<{ data: Array<{ action: string }> }>('/v1/audit-log');
    expect(audit.body.data.map((entry) => entry.action)).toContain(
      'integration.connection-test-requested',
    );

    await answer(connection.connectionId, asked.body.id, 'succeeded', null);

    expect(await settled(asked.body.id)).toMatchObject({
      status: 'succeeded',
      message: null,
      testedAt: expect.any(String),
    });
  });

  it("shows a refused key in the provider's own words, and a later answer does not change it", async () => {
    const connection = await connectWithKey();
    const asked = await tenant.client.post<ConnectionTestView>('/v1/integrations/stripe/test', {});
    const refusal = 'Stripe: Invalid API Key provided: sk_test_********1234';

    await answer(connection.connectionId, asked.body.id, 'failed', refusal);
    const failed = await settled(asked.body.id);
    await answer(connection.connectionId, asked.body.id, 'succeeded', null);
    await catalog.publish(
      catalog.topic(connectorStatusTopic('stripe')),
      connectorStatusKey(tenant.tenantId, connection.connectionId),
      aConnectorStatus({ tenant: tenant.tenantId, connectionId: connection.connectionId }),
    );
    await eventually(async () => {
      const status = await tenant.client.get<{ health: string }>('/v1/integrations/stripe/status');
      expect(status.body.health).toBe('healthy');
    });

    expect(failed).toMatchObject({
      status: 'failed',
      message: refusal,
      errorCode: 'REVOKED_CREDENTIALS',
    });
    expect(
      (
        await tenant.client.get<ConnectionTestView>(
          `/v1/integrations/stripe/tests/${asked.body.id}`,
        )
      ).body,
    ).toMatchObject({ status: 'failed', message: refusal });
  });

  it('refuses a test without credentials, an unknown test, a read-only key and another tenant', async () => {
    await catalog.connect(tenant, 'stripe', { enabled: false });
    const withoutKey = await tenant.client.post<{ error: { code: string; message: string } }>(
      '/v1/integrations/stripe/test',
      {},
    );
    expect(withoutKey.status).toBe(409);
    expect(withoutKey.body.error).toMatchObject({
      code: 'CREDENTIALS_MISSING',
      message: 'The stripe connection has no credentials yet: set them, then test it',
    });
    expect((await tenant.client.post('/v1/integrations/xero/test', {})).status).toBe(404);

    await tenant.client.post('/v1/integrations/stripe/credentials', { apiKey: 'sk_test_abcd1234' });
    const asked = await tenant.client.post<ConnectionTestView>('/v1/integrations/stripe/test', {});
    const reader = await tenant.client.post<{ key: string }>('/v1/api-keys', {
      name: 'auditor',
      scopes: ['read'],
    });
    expect(
      (await tenant.client.post('/v1/integrations/stripe/test', {}, { key: reader.body.key }))
        .status,
    ).toBe(403);
    const other = await catalog.newTenant();
    expect((await other.client.get(`/v1/integrations/stripe/tests/${asked.body.id}`)).status).toBe(
      404,
    );
    expect(
      (
        await tenant.client.get(
          '/v1/integrations/stripe/tests/6b0c1c56-4f3c-4d51-9d7a-4b3b2a1f0e99',
        )
      ).status,
    ).toBe(404);
  });
});
