import {
  CatalogTopics,
  connectorInboundTopic,
  connectorOutcomeTopic,
  contentHash,
  contentOf,
  type Customer,
  inboundChangeKey,
  MessageHeaders,
  syncOutcomeKey,
} from '@concord/model';
import { anInboundChange, aSyncOutcome, eventually } from '@concord/testing';

import { startSyncCatalog, type SyncTestCatalog } from '../../test/sync-test-kit';
import type { TestTenant } from '../../test/test-catalog';
import type { ConflictView } from '../sync/sync-visibility.service';
import type { ResolvedConflict } from './conflict-resolution.service';

jest.setTimeout(120_000);

interface CustomerView {
  id: string;
  name: string;
  phone: string | null;
  version: number;
  deletedAt: string | null;
}

const PAST = '2000-01-01T00:00:00.000Z';

describe('resolving a conflict by hand (real PostgreSQL and Kafka)', () => {
  let catalog: SyncTestCatalog;

  beforeAll(async () => {
    catalog = await startSyncCatalog();
    await catalog.addConnector('stripe');
  });

  afterAll(async () => {
    await catalog?.close();
  });

  /**
   * A customer synced to Stripe as cus_1, then changed in the catalog (phone +1 222), then changed
   * (phone +1 333) or deleted (external null) in Stripe: a conflict decided by `policy`.
   */
  async function conflictOn(
    policy: 'catalog-wins' | 'external-wins',
    external: Record<string, unknown> | null,
  ): Promise<{ tenant: TestTenant; id: string; conflict: ConflictView }> {
    const tenant = await catalog.newTenant();
    const connection = await catalog.connect(tenant, 'stripe', {
      enabled: true,
      conflictPolicy: { default: policy, fieldOwners: [] },
    });
    const created = await tenant.client.post<CustomerView>('/v1/customers', {
      name: 'Conflicted Carl',
      phone: '+1 111',
    });
    const id = created.body.id;
    await catalog.publish(
      catalog.topic(connectorOutcomeTopic('stripe')),
      syncOutcomeKey(tenant.tenantId, id),
      aSyncOutcome({
        tenant: tenant.tenantId,
        connectionId: connection.connectionId,
        entityId: id,
        entityVersion: 1,
        status: 'synced',
        externalId: 'cus_1',
        contentHash: contentHash(
          'customer',
          contentOf('customer', created.body as unknown as Customer),
        ),
      }),
    );
    await eventually(async () => {
      const sync = await tenant.client.get<{ systems: Array<{ state: string }> }>(
        `/v1/customers/${id}/sync`,
      );
      expect(sync.body.systems).toEqual([expect.objectContaining({ state: 'synced' })]);
    });
    const patched = await tenant.client.patch(
      `/v1/customers/${id}`,
      { phone: '+1 222' },
      { headers: { 'if-match': '1' } },
    );
    expect(patched.status).toBe(200);
    const change = anInboundChange({
      tenant: tenant.tenantId,
      connectionId: connection.connectionId,
      externalId: 'cus_1',
      changedAt: PAST,
      ...(external === null ? { operation: 'delete' as const } : { content: external }),
    });
    await catalog.publish(
      catalog.topic(connectorInboundTopic('stripe')),
      inboundChangeKey(tenant.tenantId, 'cus_1'),
      change,
    );
    await catalog.applied(tenant.tenantId, 'stripe', change.data.sourceEventId);
    const [conflict] = await conflictsOf(tenant, id);
    expect(conflict).toMatchObject({ resolved: null });
    return { tenant, id, conflict };
  }

  async function conflictsOf(tenant: TestTenant, id: string): Promise<ConflictView[]> {
    return (await tenant.client.get<{ conflicts: ConflictView[] }>(`/v1/customers/${id}/sync`)).body
      .conflicts;
  }

  async function customer(tenant: TestTenant, id: string) {
    return tenant.client.get<CustomerView>(`/v1/customers/${id}?includeDeleted=true`);
  }

  function resolve(tenant: TestTenant, conflictId: string, choice: string, key?: string) {
    return tenant.client.post<ResolvedConflict & { error?: { code: string; message: string } }>(
      `/v1/sync/conflicts/${conflictId}/resolve`,
      { choice },
      key === undefined ? {} : { key },
    );
  }

  it("keeps the catalog's value: a new version goes to Stripe's connector with the resync header, audited", async () => {
    const { tenant, id, conflict } = await conflictOn('catalog-wins', { phone: '+1 333' });
    expect(conflict).toMatchObject({
      field: 'phone',
      catalogValue: '+1 222',
      externalValue: '+1 333',
    });
    const events = await catalog.collect(catalog.topic(CatalogTopics.customer));

    const resolved = await resolve(tenant, conflict.id, 'keep-catalog');

    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({
      choice: 'keep-catalog',
      field: 'phone',
      entityVersion: 3,
    });
    expect((await customer(tenant, id)).body).toMatchObject({ phone: '+1 222', version: 3 });
    const pushed = await eventually(() => {
      const event = events.messages.find(
        (m) => (m.value as { subject: string; entityVersion: number }).entityVersion === 3,
      );
      if (!event) throw new Error('version 3 not published yet');
      return event;
    });
    expect(pushed.headers[MessageHeaders.resync]).toBe('stripe');
    expect(pushed.value).toMatchObject({
      subject: id,
      origin: 'catalog',
      data: { operation: 'updated', changedFields: ['phone'], entity: { phone: '+1 222' } },
    });
    const [after] = await conflictsOf(tenant, id);
    expect(after.resolved).toMatchObject({ choice: 'keep-catalog', by: tenant.apiKeyId });
    const sync = await tenant.client.get<{ systems: Array<{ state: string }> }>(
      `/v1/customers/${id}/sync`,
    );
    expect(sync.body.systems[0].state).toBe('pending');
    const audit = await tenant.client.get<{
      data: Array<{ action: string; targetId: string; details: Record<string, unknown> }>;
    }>('/v1/audit-log');
    expect(audit.body.data).toContainEqual(
      expect.objectContaining({
        action: 'sync.conflict-resolved',
        targetId: id,
        details: {
          conflictId: conflict.id,
          system: 'stripe',
          field: 'phone',
          choice: 'keep-catalog',
        },
      }),
    );

    const again = await resolve(tenant, conflict.id, 'take-external');
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe('CONFLICT_ALREADY_RESOLVED');
  });

  it("takes the external value into the catalog, as Stripe's own change", async () => {
    const { tenant, id, conflict } = await conflictOn('catalog-wins', { phone: '+1 333' });
    const events = await catalog.collect(catalog.topic(CatalogTopics.customer));

    expect((await resolve(tenant, conflict.id, 'take-external')).status).toBe(200);

    expect((await customer(tenant, id)).body).toMatchObject({ phone: '+1 333', version: 3 });
    const applied = await eventually(() => {
      const event = events.messages.find(
        (m) => (m.value as { entityVersion: number }).entityVersion === 3,
      );
      if (!event) throw new Error('version 3 not published yet');
      return event;
    });
    expect(applied.value).toMatchObject({ origin: 'stripe', data: { changedFields: ['phone'] } });
    expect(applied.headers[MessageHeaders.resync]).toBeUndefined();
  });

  it('a delete conflict is deleted or restored, and a field choice is refused for it', async () => {
    const kept = await conflictOn('catalog-wins', null);
    expect(kept.conflict).toMatchObject({ field: 'deleted', resolution: 'catalog' });
    const wrong = await resolve(kept.tenant, kept.conflict.id, 'keep-catalog');
    expect(wrong.status).toBe(400);
    expect(wrong.body.error?.message).toBe(
      'choice must be delete or restore for a conflict on deleted',
    );
    expect((await resolve(kept.tenant, kept.conflict.id, 'delete')).status).toBe(200);
    expect((await customer(kept.tenant, kept.id)).body.deletedAt).not.toBeNull();

    const gone = await conflictOn('external-wins', null);
    expect((await customer(gone.tenant, gone.id)).body.deletedAt).not.toBeNull();
    const restored = await resolve(gone.tenant, gone.conflict.id, 'restore');
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ choice: 'restore', deleted: false });
    expect((await customer(gone.tenant, gone.id)).body).toMatchObject({
      deletedAt: null,
      phone: '+1 222',
    });
    expect((await gone.tenant.client.get(`/v1/customers/${gone.id}`)).status).toBe(200);
  });

  it('refuses a read-only key, an unknown choice and another tenant', async () => {
    const { tenant, conflict } = await conflictOn('catalog-wins', { phone: '+1 333' });
    const reader = await tenant.client.post<{ key: string }>('/v1/api-keys', {
      name: 'auditor',
      scopes: ['read'],
    });
    expect((await resolve(tenant, conflict.id, 'keep-catalog', reader.body.key)).status).toBe(403);
    const unknown = await resolve(tenant, conflict.id, 'flip-a-coin');
    expect(unknown.status).toBe(400);
    const other = await catalog.newTenant();
    expect((await resolve(other, conflict.id, 'keep-catalog')).status).toBe(404);
    expect((await conflictsOf(tenant, conflict.entityId))[0].resolved).toBeNull();
  });
});
