import { randomUUID } from 'node:crypto';

import { decryptSecret, encryptSecret, KeyRing } from '@concord/auth';
import { dropDatabase } from '@concord/database';
import {
  CatalogTopics,
  CONNECTIONS_REQUEST_TYPE,
  connectionsRequestKey,
  ConnectionsTopic,
  connectorEventSource,
  connectorRetryTopic,
  connectorStatusKey,
  connectorStatusTopic,
  withTopicPrefix,
} from '@concord/model';
import {
  aConnectorStatus,
  collectMessages,
  eventually,
  testKafkaBrokers,
  testTopicPrefix,
  waitUntilReady,
} from '@concord/testing';

import { errorCodeOf, fieldsOf } from '../../test/catalog-client';
import { startSyncCatalog, type SyncTestCatalog } from '../../test/sync-test-kit';
import { startTestCatalog, type TestTenant } from '../../test/test-catalog';
import { startCatalogApp } from '../catalog-app';
import { InboundConsumer } from '../inbound/inbound.consumer';
import type { IntegrationView } from './connection-settings.mapper';

jest.setTimeout(120_000);

const API_KEY = 'sk_test_integrations_51Hx9Q2eZvKYlo2C';

describe('integrations API (real PostgreSQL and Kafka)', () => {
  let catalog: SyncTestCatalog;
  let tenant: TestTenant;
  let ring: KeyRing;

  beforeAll(async () => {
    catalog = await startSyncCatalog();
    ring = new KeyRing(
      catalog.config.CONCORD_SECRETS_KEYS,
      catalog.config.CONCORD_SECRETS_ACTIVE_KEY,
    );
  });

  beforeEach(async () => {
    tenant = await catalog.newTenant();
  });

  afterAll(async () => {
    await catalog?.close();
  });

  const put = (system: string, body: unknown) =>
    tenant.client.request<IntegrationView>('PUT', `/v1/integrations/${system}`, { body });

  it('creates, reads, updates and deletes a connection, versioned, audited and published', async () => {
    const topic = await catalog.collect(catalog.topic(ConnectionsTopic), true);
    const key = `${tenant.tenantId}:xero`;

    const created = await put('xero', {
      direction: 'inbound',
      entityTypes: ['customer', 'invoice'],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      system: 'xero',
      enabled: false,
      paused: false,
      direction: 'inbound',
      entityTypes: ['customer', 'invoice'],
      conflictPolicy: { default: 'last-writer-wins', fieldOwners: [] },
      credentials: { set: false, keyId: null, updatedAt: null },
      version: 1,
    });

    const patched = await tenant.client.patch<IntegrationView>('/v1/integrations/xero', {
      fieldMappings: [
        { entityType: 'customer', canonicalField: 'metadata.segment', externalField: 'Segment' },
      ],
      matchingKeys: { customer: ['email', 'name'] },
      conflictPolicy: {
        default: 'external-wins',
        fieldOwners: [{ entityType: 'customer', field: 'phone', owner: 'xero' }],
      },
      settings: { pollIntervalMs: 30000 },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      direction: 'inbound',
      matchingKeys: { customer: ['email', 'name'] },
      conflictPolicy: { default: 'external-wins' },
      settings: { pollIntervalMs: 30000 },
      version: 2,
    });
    const listed = await tenant.client.get<{ data: IntegrationView[] }>('/v1/integrations');
    expect(listed.body.data.map((c) => [c.system, c.version])).toEqual([['xero', 2]]);

    const v2 = await topic.waitFor(
      (m) => m.key === key && (m.value as { version: number })?.version === 2,
    );
    expect(v2.value).toMatchObject({
      tenant: tenant.tenantId,
      system: 'xero',
      connectionId: created.body.connectionId,
      fieldMappings: [{ canonicalField: 'metadata.segment', externalField: 'Segment' }],
      credentials: null,
    });

    expect((await tenant.client.delete('/v1/integrations/xero')).status).toBe(204);
    expect((await tenant.client.get('/v1/integrations/xero')).status).toBe(404);
    const tombstone = await topic.waitFor((m) => m.key === key && m.value === null);
    expect(tombstone.value).toBeNull();
    const audit = await tenant.client.get<{ data: Array<{ action: string; targetId: string }> }>(
      '/v1/audit-log',
    );
    expect(audit.body.data.filter((e) => e.targetId === 'xero').map((e) => e.action)).toEqual([
      'integration.deleted',
      'integration.updated',
      'integration.created',
    ]);
  });

  it('refuses a bad system name and names every invalid field', async () => {
    const badSystem = await put('Not_A_System', {});
    expect(badSystem.status).toBe(400);
    expect(fieldsOf(badSystem)).toEqual(['system']);

    const badBody = await put('stripe', {
      direction: 'sideways',
      entityTypes: ['customer', 'order'],
      matchingKeys: { customer: ['shoeSize'] },
      conflictPolicy: {
        default: 'coin-toss',
        fieldOwners: [{ entityType: 'customer', field: 'x', owner: 'Nope!' }],
      },
      unknown: true,
    });
    expect(badBody.status).toBe(400);
    expect(fieldsOf(badBody)).toEqual([
      'conflictPolicy.default',
      'conflictPolicy.fieldOwners.0.owner',
      'direction',
      'entityTypes',
      'matchingKeys.customer',
      'unknown',
    ]);
    expect((await tenant.client.get('/v1/integrations/stripe')).status).toBe(404);
  });

  it('keeps credentials write-only and encrypted: in the database, on the topic and in every response', async () => {
    const topic = await catalog.collect(catalog.topic(ConnectionsTopic), true);
    await put('stripe', { enabled: false });

    const set = await tenant.client.post<IntegrationView>('/v1/integrations/stripe/credentials', {
      apiKey: API_KEY,
    });

    expect(set.status).toBe(200);
    expect(set.body.credentials).toEqual({ set: true, keyId: 't1', updatedAt: expect.any(String) });
    expect(JSON.stringify(set.body)).not.toContain(API_KEY);
    const read = await tenant.client.get<IntegrationView>('/v1/integrations/stripe');
    expect(JSON.stringify(read.body)).not.toContain(API_KEY);
    const { rows } = await catalog.db.query<{ credentials_encrypted: string }>(
      'SELECT credentials_encrypted FROM integration_connections WHERE tenant_id = $1',
      [tenant.tenantId],
    );
    expect(rows[0].credentials_encrypted.startsWith('enc:v1:t1:')).toBe(true);
    expect(rows[0].credentials_encrypted).not.toContain(API_KEY);

    const message = await topic.waitFor(
      (m) =>
        m.key === `${tenant.tenantId}:stripe` &&
        (m.value as { credentials: unknown })?.credentials !== null,
    );
    expect(JSON.stringify(message.value)).not.toContain(API_KEY);
    const published = (message.value as { credentials: string }).credentials;
    expect(published).toMatch(/^enc:v1:t1:/);
    // What a connector does with the shared key ring: decrypt, bound to tenant:system.
    expect(JSON.parse(decryptSecret(ring, published, `${tenant.tenantId}:stripe`))).toEqual({
      apiKey: API_KEY,
    });
    expect(() => decryptSecret(ring, published, 'another-tenant:stripe')).toThrow();
    const audit = await tenant.client.get<{ data: Array<{ action: string; details: unknown }> }>(
      '/v1/audit-log',
    );
    expect(JSON.stringify(audit.body)).not.toContain(API_KEY);
    expect(audit.body.data[0]).toMatchObject({
      action: 'integration.credentials-set',
      details: { fields: ['apiKey'], keyId: 't1' },
    });
  });

  it('pauses, resumes and requests a reconciliation through the published settings', async () => {
    const topic = await catalog.collect(catalog.topic(ConnectionsTopic), true);
    await put('stripe', { enabled: false });
    const key = `${tenant.tenantId}:stripe`;

    const paused = await tenant.client.post<IntegrationView>('/v1/integrations/stripe/pause', {
      reason: 'month-end close',
    });
    expect(paused.body).toMatchObject({
      paused: true,
      pausedReason: 'month-end close',
      version: 2,
    });
    const resumed = await tenant.client.post<IntegrationView>('/v1/integrations/stripe/resume', {});
    expect(resumed.body).toMatchObject({ paused: false, pausedReason: null, version: 3 });
    const reconcile = await tenant.client.post<{ requestedReconciliation: string }>(
      '/v1/integrations/stripe/reconcile',
      {},
    );
    expect(reconcile.status).toBe(202);

    const published = await topic.waitFor(
      (m) => m.key === key && (m.value as { version: number })?.version === 4,
    );
    expect(published.value).toMatchObject({
      paused: false,
      settings: { requestedReconciliation: reconcile.body.requestedReconciliation },
    });
    expect(
      topic.messages
        .filter((m) => m.key === key)
        .map((m) => (m.value as { paused: boolean }).paused),
    ).toEqual([false, true, false, false]);
  });

  it('stores connector statuses with secrets encrypted and moves rotated credentials into the connection', async () => {
    await catalog.addConnector('stripe');
    const connection = (await put('stripe', { enabled: false })).body;
    await tenant.client.post('/v1/integrations/stripe/credentials', { apiKey: API_KEY });
    // The connector encrypts with the shared key ring, bound to tenant:system.
    const connectorRing = new KeyRing({ ...catalog.config.CONCORD_SECRETS_KEYS }, 't1');
    const aad = `${tenant.tenantId}:stripe`;
    const status = aConnectorStatus({
      tenant: tenant.tenantId,
      connectionId: connection.connectionId,
      health: 'degraded',
      state: 'active',
      webhook: {
        url: 'https://hooks.example.com/stripe',
        secret: encryptSecret(connectorRing, 'whsec_rotated_webhook_secret', aad),
      },
      rotatedCredentials: encryptSecret(
        connectorRing,
        JSON.stringify({ apiKey: 'sk_test_rotated_9' }),
        aad,
      ),
    });
    await catalog.publish(
      catalog.topic(connectorStatusTopic('stripe')),
      connectorStatusKey(tenant.tenantId, connection.connectionId),
      status,
    );

    const stored = await eventually(async () => {
      const response = await tenant.client.get<Record<string, unknown>>(
        '/v1/integrations/stripe/status',
      );
      expect(response.status).toBe(200);
      return response.body;
    });
    expect(stored).toMatchObject({
      health: 'degraded',
      state: 'active',
      webhook: { url: 'https://hooks.example.com/stripe', secretSet: true },
    });
    expect(JSON.stringify(stored)).not.toContain('whsec_rotated_webhook_secret');
    const { rows } = await catalog.db.query<{ credentials_encrypted: string; version: number }>(
      'SELECT credentials_encrypted, version FROM integration_connections WHERE tenant_id = $1',
      [tenant.tenantId],
    );
    expect(JSON.parse(decryptSecret(ring, rows[0].credentials_encrypted, aad))).toEqual({
      apiKey: 'sk_test_rotated_9',
    });
    expect(rows[0].version).toBe(3);
  });

  it('starts the outbound backfill when a connection is enabled: snapshots on the connector retry topic only', async () => {
    const customers = await catalog.collect(catalog.topic(CatalogTopics.customer), true);
    const retry = await catalog.collect(catalog.topic(connectorRetryTopic('stripe')), true);
    const first = await tenant.client.post<{ id: string }>('/v1/customers', { name: 'Backfill B' });
    const second = await tenant.client.post<{ id: string }>('/v1/customers', {
      name: 'Backfill C',
    });
    const product = await tenant.client.post<{ id: string }>('/v1/products', { name: 'Widget' });
    const invoice = await tenant.client.post<{ id: string }>('/v1/invoices', {
      customerId: first.body.id,
      number: 'BF-1',
      currency: 'EUR',
      issueDate: '2030-01-01',
      lines: [{ productId: product.body.id, description: 'Widget', quantity: 1, unitAmount: 100 }],
    });
    await tenant.client.delete(`/v1/customers/${second.body.id}`);
    const ofTenant = (m: { key: string | null }) =>
      m.key?.startsWith(`${tenant.tenantId}:`) ?? false;
    await eventually(() => expect(customers.messages.filter(ofTenant)).toHaveLength(3), {
      timeoutMs: 20_000,
    });

    const enabled = await put('stripe', {
      enabled: true,
      entityTypes: ['invoice', 'customer', 'product'],
    });
    expect(enabled.body.enabled).toBe(true);

    await eventually(() => expect(retry.messages.filter(ofTenant)).toHaveLength(3), {
      timeoutMs: 20_000,
    });
    const snapshots = retry.messages.filter(ofTenant);
    expect(snapshots.map((m) => (m.value as { subject: string }).subject)).toEqual([
      first.body.id,
      product.body.id,
      invoice.body.id,
    ]);
    for (const snapshot of snapshots) {
      expect(snapshot.headers['x-backfill']).toBe('true');
      expect(snapshot.value).toMatchObject({ data: { operation: 'updated' }, origin: 'catalog' });
    }
    expect(customers.messages.filter(ofTenant)).toHaveLength(3);
    expect(customers.messages.some((m) => m.headers['x-backfill'] !== undefined)).toBe(false);
    // The job marks itself done after its last (empty) page, just after the last snapshot.
    await eventually(
      async () => {
        const { rows } = await catalog.db.query(
          'SELECT status, published FROM backfill_jobs WHERE tenant_id = $1',
          [tenant.tenantId],
        );
        expect(rows).toEqual([{ status: 'done', published: 3 }]);
      },
      { timeoutMs: 10_000 },
    );
    expect(errorCodeOf(await tenant.client.get('/v1/integrations/salesforce'))).toBe(
      'RECORD_NOT_FOUND',
    );
  });
});

describe('connections after a broker lost its data (real PostgreSQL and Kafka)', () => {
  it('publishes every connection again at start, so the connections topic heals', async () => {
    const first = await startTestCatalog({ OUTBOX_RELAY: 'embedded' });
    const tenant = await first.newTenant();
    const created = await tenant.client.request<IntegrationView>('PUT', '/v1/integrations/stripe', {
      body: { enabled: true, direction: 'both' },
    });
    expect(created.status).toBe(201);
    await first.app.close();
    // The same catalog (same database) started again against a broker that holds none of its
    // topics: a fresh topic prefix is a broker that lost its data.
    const fresh = {
      ...first.config,
      KAFKA_TOPIC_PREFIX: testTopicPrefix(),
      PORT: 0,
      RUN_MIGRATIONS: false,
    };
    const restarted = await startCatalogApp(fresh);
    const topic = withTopicPrefix(fresh.KAFKA_TOPIC_PREFIX, ConnectionsTopic);
    try {
      await waitUntilReady(`${restarted.url}/health/ready`, { timeoutMs: 45_000 });
      const collector = await collectMessages({
        brokers: testKafkaBrokers(),
        topic,
        fromBeginning: true,
      });
      try {
        const settings = await collector.waitFor((m) => m.key === `${tenant.tenantId}:stripe`);
        expect(settings.value).toMatchObject({
          tenant: tenant.tenantId,
          system: 'stripe',
          connectionId: created.body.connectionId,
          enabled: true,
          version: 1,
        });
      } finally {
        await collector.stop();
      }
    } finally {
      await restarted.app.close();
      await first.db.end();
      await dropDatabase(first.config.DATABASE_URL ?? '', first.config.CATALOG_DATABASE);
    }
  });

  it("answers a connector's request by publishing that system's connections again, once", async () => {
    const catalog = await startSyncCatalog({ SYNC_TOPIC_REFRESH_MS: '1000' });
    try {
      const tenant = await catalog.newTenant();
      const stripe = await catalog.connect(tenant, 'stripe', { enabled: true, direction: 'both' });
      await catalog.connect(tenant, 'xero', { direction: 'inbound' });
      await catalog.addConnector('stripe');
      const settings = await catalog.collect(catalog.topic(ConnectionsTopic), true);
      const key = `${tenant.tenantId}:stripe`;
      await settings.waitFor((m) => m.key === key);
      await settings.waitFor((m) => m.key === `${tenant.tenantId}:xero`);
      const before = settings.messages.length;
      const request = {
        type: CONNECTIONS_REQUEST_TYPE,
        source: connectorEventSource('stripe'),
        time: new Date().toISOString(),
        system: 'stripe',
        reason: 'none-loaded',
      };
      const statusTopic = catalog.topic(connectorStatusTopic('stripe'));
      // Two replicas asking at once, the second a little earlier: answered once.
      await catalog.send(statusTopic, connectionsRequestKey('stripe'), {
        ...request,
        id: randomUUID(),
      });
      await catalog.send(statusTopic, connectionsRequestKey('stripe'), {
        ...request,
        id: randomUUID(),
        time: new Date(Date.parse(request.time) - 1).toISOString(),
      });

      const again = await settings.waitFor(
        (m) => m.key === key && settings.messages.indexOf(m) >= before,
      );
      expect(again.value).toMatchObject({
        tenant: tenant.tenantId,
        system: 'stripe',
        connectionId: stripe.connectionId,
        version: 1,
      });
      // Give a second answer time to show up, then count: one answer, for stripe only.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      const after = settings.messages.slice(before).map((m) => m.key);
      expect(after).toEqual([key]);
      expect(catalog.app.get(InboundConsumer).isReady).toBe(true);
    } finally {
      await catalog.close();
    }
  });
});
