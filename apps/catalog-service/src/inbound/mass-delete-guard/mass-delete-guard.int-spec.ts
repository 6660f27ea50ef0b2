import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { verifyStripeSignature } from '@concord/auth';
import {
  ConnectionsTopic,
  connectorInboundTopic,
  type InboundChange,
  inboundChangeKey,
} from '@concord/model';
import { anInboundChange, eventually } from '@concord/testing';

import { publishOnePartition } from '../../../test/applier-probes';
import { startSyncCatalog, type SyncTestCatalog } from '../../../test/sync-test-kit';
import type { TestTenant } from '../../../test/test-catalog';

jest.setTimeout(120_000);

interface Delivery {
  headers: IncomingMessage['headers'];
  body: string;
}

describe('mass-delete guard (real PostgreSQL and Kafka)', () => {
  let catalog: SyncTestCatalog;
  let receiver: Server;
  const deliveries: Delivery[] = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        deliveries.push({ headers: req.headers, body });
        // The first delivery fails: the notification must be retried.
        res.statusCode = deliveries.length === 1 ? 503 : 204;
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const { port } = receiver.address() as AddressInfo;
    catalog = await startSyncCatalog({
      MASS_DELETE_MIN_COUNT: '3',
      MASS_DELETE_MAX_SHARE: '0.2',
      NOTIFICATION_ALLOWED_LOOPBACK: `127.0.0.1:${port}`,
    });
    await catalog.addConnector('stripe');
  });

  afterAll(async () => {
    await catalog?.close();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  async function connectedTenant(): Promise<{
    tenant: TestTenant;
    change: (externalId: string, operation: 'upsert' | 'delete') => InboundChange;
    send: (change: InboundChange) => Promise<string>;
  }> {
    const tenant = await catalog.newTenant();
    const connection = await catalog.connect(tenant, 'stripe', { enabled: true });
    const change = (externalId: string, operation: 'upsert' | 'delete'): InboundChange =>
      anInboundChange({
        tenant: tenant.tenantId,
        connectionId: connection.connectionId,
        externalId,
        operation,
        content: operation === 'delete' ? null : { name: `Customer ${externalId}` },
      });
    const send = async (c: InboundChange): Promise<string> => {
      await catalog.publish(
        catalog.topic(connectorInboundTopic('stripe')),
        inboundChangeKey(tenant.tenantId, c.data.externalId),
        c,
      );
      return catalog.applied(tenant.tenantId, 'stripe', c.data.sourceEventId);
    };
    return { tenant, change, send };
  }

  it('holds a large inbound delete, pauses the connection, notifies, and applies it on approval', async () => {
    const connections = await catalog.collect(catalog.topic(ConnectionsTopic));
    const { tenant, change, send } = await connectedTenant();
    const { port } = receiver.address() as AddressInfo;
    const webhook = await tenant.client.request<{ secret: string }>(
      'PUT',
      '/v1/notifications/webhook',
      {
        body: { url: `http://127.0.0.1:${port}/concord` },
      },
    );
    expect(webhook.status).toBe(200);
    const ids = Array.from({ length: 10 }, (_, i) => `cus_${i}`);
    for (const id of ids) expect(await send(change(id, 'upsert'))).toBe('created');

    // 2 deletes pass (below the minimum count); the 3rd is 3 of 10 > 20%: held from there on.
    const results: string[] = [];
    for (const id of ids.slice(0, 6)) results.push(await send(change(id, 'delete')));
    expect(results).toEqual(['deleted', 'deleted', 'held', 'held', 'held', 'held']);

    const live = await tenant.client.get<{ data: unknown[] }>('/v1/customers?limit=100');
    expect(live.body.data).toHaveLength(8);
    const integration = await tenant.client.get<{ paused: boolean; pausedReason: string }>(
      '/v1/integrations/stripe',
    );
    expect(integration.body).toMatchObject({
      paused: true,
      pausedReason: expect.stringContaining('Mass-delete guard'),
    });
    const republished = await connections.waitFor(
      (m) => m.key === `${tenant.tenantId}:stripe` && (m.value as { paused: boolean }).paused,
    );
    expect(republished.value).toMatchObject({ paused: true, tenant: tenant.tenantId });
    const held = await tenant.client.get<{ data: Array<{ externalId: string; status: string }> }>(
      '/v1/integrations/stripe/held-deletes',
    );
    expect(held.body.data.map((h) => h.externalId)).toEqual(['cus_2', 'cus_3', 'cus_4', 'cus_5']);
    const audit = await tenant.client.get<{ data: Array<{ actor: string; action: string }> }>(
      '/v1/audit-log',
    );
    expect(audit.body.data).toContainEqual(
      expect.objectContaining({ actor: 'mass-delete-guard', action: 'integration.paused' }),
    );

    const delivered = await eventually(
      () => {
        expect(deliveries).toHaveLength(2);
        return deliveries[1];
      },
      { timeoutMs: 20_000 },
    );
    expect(() =>
      verifyStripeSignature({
        secret: webhook.body.secret,
        payload: delivered.body,
        header: delivered.headers['concord-signature'],
      }),
    ).not.toThrow();
    expect(JSON.parse(delivered.body)).toMatchObject({
      type: 'connection.paused',
      tenant: tenant.tenantId,
      data: { system: 'stripe', source: 'mass-delete-guard' },
    });
    expect(JSON.parse(deliveries[0].body).id).toBe(JSON.parse(delivered.body).id);

    const approved = await tenant.client.post<{ approved: number }>(
      '/v1/integrations/stripe/held-deletes/approve',
      {},
    );
    expect(approved.body).toEqual({ approved: 4, skipped: 0 });
    const after = await tenant.client.get<{ data: Array<{ name: string }> }>(
      '/v1/customers?limit=100',
    );
    expect(after.body.data.map((c) => c.name).sort()).toEqual(
      ['cus_6', 'cus_7', 'cus_8', 'cus_9'].map((id) => `Customer ${id}`),
    );
    const resumed = await tenant.client.get<{ paused: boolean }>('/v1/integrations/stripe');
    expect(resumed.body.paused).toBe(false);
    const remaining = await tenant.client.get<{ data: unknown[] }>(
      '/v1/integrations/stripe/held-deletes',
    );
    expect(remaining.body.data).toEqual([]);
  });

  it('trips at the same delete when the creates and deletes arrive in one batch', async () => {
    const { tenant, change } = await connectedTenant();
    const ids = Array.from({ length: 10 }, (_, i) => `cus_b${i}`);
    const creates = ids.map((id) => change(id, 'upsert'));
    const deletes = ids.slice(0, 6).map((id) => change(id, 'delete'));
    const batch = [...creates, ...deletes];

    await publishOnePartition(
      catalog.topic(connectorInboundTopic('stripe')),
      batch.map((c) => ({
        key: inboundChangeKey(tenant.tenantId, c.data.externalId),
        envelope: c,
      })),
    );

    const results = await Promise.all(
      batch.map((c) => catalog.applied(tenant.tenantId, 'stripe', c.data.sourceEventId)),
    );
    // As one by one: 2 deletes pass, the 3rd is 3 of 10 > 20%: held from there on.
    expect(results).toEqual([
      ...creates.map(() => 'created'),
      'deleted',
      'deleted',
      'held',
      'held',
      'held',
      'held',
    ]);
    const live = await tenant.client.get<{ data: unknown[] }>('/v1/customers?limit=100');
    expect(live.body.data).toHaveLength(8);
    const held = await tenant.client.get<{ data: Array<{ externalId: string }> }>(
      '/v1/integrations/stripe/held-deletes',
    );
    // Held in one transaction, possibly within one millisecond: compared as a set.
    expect(held.body.data.map((h) => h.externalId).sort()).toEqual([
      'cus_b2',
      'cus_b3',
      'cus_b4',
      'cus_b5',
    ]);
    const integration = await tenant.client.get<{ paused: boolean }>('/v1/integrations/stripe');
    expect(integration.body.paused).toBe(true);
  });

  it('drops the held deletes on rejection: the records stay and the connection resumes', async () => {
    const { tenant, change, send } = await connectedTenant();
    const ids = ['cus_a', 'cus_b', 'cus_c', 'cus_d', 'cus_e'];
    for (const id of ids) expect(await send(change(id, 'upsert'))).toBe('created');
    const results: string[] = [];
    for (const id of ids.slice(0, 4)) results.push(await send(change(id, 'delete')));
    expect(results).toEqual(['deleted', 'deleted', 'held', 'held']);

    const rejected = await tenant.client.post('/v1/integrations/stripe/held-deletes/reject', {});

    expect(rejected.body).toEqual({ rejected: 2, skipped: 0 });
    const live = await tenant.client.get<{ data: Array<{ name: string }> }>('/v1/customers');
    expect(live.body.data.map((c) => c.name).sort()).toEqual(
      ['cus_c', 'cus_d', 'cus_e'].map((id) => `Customer ${id}`),
    );
    const integration = await tenant.client.get<{ paused: boolean }>('/v1/integrations/stripe');
    expect(integration.body.paused).toBe(false);
    const held = await tenant.client.get<{ data: unknown[] }>(
      '/v1/integrations/stripe/held-deletes',
    );
    expect(held.body.data).toEqual([]);
  });
});
