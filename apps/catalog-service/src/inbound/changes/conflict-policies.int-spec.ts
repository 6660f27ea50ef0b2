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

import { startSyncCatalog, type SyncTestCatalog } from '../../../test/sync-test-kit';
import type { TestTenant } from '../../../test/test-catalog';

jest.setTimeout(120_000);

interface CustomerView {
  id: string;
  name: string;
  phone: string | null;
  version: number;
}

interface ConflictView {
  field: string;
  catalogValue: unknown;
  externalValue: unknown;
  resolution: string;
  policy: string;
}

const PAST = '2000-01-01T00:00:00.000Z';
const FUTURE = '2099-01-01T00:00:00.000Z';

describe('conflict policies of the inbound applier (real PostgreSQL and Kafka)', () => {
  let catalog: SyncTestCatalog;

  beforeAll(async () => {
    catalog = await startSyncCatalog();
    await catalog.addConnector('stripe');
  });

  afterAll(async () => {
    await catalog?.close();
  });

  /**
   * A customer synced to Stripe (the outcome links it as cus_1 at version 1), then changed in the
   * catalog (phone +1 222), then changed in Stripe (phone +1 333, and name when given) at `changedAt`.
   */
  async function conflictOn(
    conflictPolicy: Record<string, unknown>,
    changedAt: string,
    external: Record<string, unknown> | null = { phone: '+1 333' },
  ): Promise<{ tenant: TestTenant; id: string; result: string }> {
    const tenant = await catalog.newTenant();
    const connection = await catalog.connect(tenant, 'stripe', { enabled: true, conflictPolicy });
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
        // What a connector reports: the content Stripe now holds (version 1).
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
      { phone: '+1 222', name: 'Carl in the catalog' },
      { headers: { 'if-match': '1' } },
    );
    expect(patched.status).toBe(200);
    const change = anInboundChange({
      tenant: tenant.tenantId,
      connectionId: connection.connectionId,
      externalId: 'cus_1',
      changedAt,
      // null: Stripe deleted the customer at `changedAt`.
      ...(external === null ? { operation: 'delete' as const } : { content: external }),
    });
    await catalog.publish(
      catalog.topic(connectorInboundTopic('stripe')),
      inboundChangeKey(tenant.tenantId, 'cus_1'),
      change,
    );
    const result = await catalog.applied(tenant.tenantId, 'stripe', change.data.sourceEventId);
    return { tenant, id, result };
  }

  async function stateOf(tenant: TestTenant, id: string) {
    const sync = await tenant.client.get<{
      systems: Array<{ state: string; lastError: unknown }>;
      conflicts: ConflictView[];
    }>(`/v1/customers/${id}/sync`);
    return { state: sync.body.systems[0].state, conflicts: sync.body.conflicts };
  }

  async function customer(tenant: TestTenant, id: string): Promise<CustomerView> {
    return (await tenant.client.get<CustomerView>(`/v1/customers/${id}`)).body;
  }

  it("records a Stripe change that Concord's own write overwrote, though that write's outcome came first", async () => {
    const tenant = await catalog.newTenant();
    const connection = await catalog.connect(tenant, 'stripe', {
      enabled: true,
      conflictPolicy: { default: 'last-writer-wins' },
    });
    const created = await tenant.client.post<CustomerView>('/v1/customers', {
      name: 'Conflicted Carl',
    });
    const id = created.body.id;
    const patched = await tenant.client.patch<CustomerView>(
      `/v1/customers/${id}`,
      { name: 'Carl in the catalog' },
      { headers: { 'if-match': '1' } },
    );
    expect(patched.status).toBe(200);
    // The connector wrote version 2 to Stripe: its outcome makes version 2 what Stripe holds.
    await catalog.publish(
      catalog.topic(connectorOutcomeTopic('stripe')),
      syncOutcomeKey(tenant.tenantId, id),
      aSyncOutcome({
        tenant: tenant.tenantId,
        connectionId: connection.connectionId,
        entityId: id,
        entityVersion: 2,
        status: 'synced',
        externalId: 'cus_1',
        contentHash: contentHash(
          'customer',
          contentOf('customer', patched.body as unknown as Customer),
        ),
      }),
    );
    await eventually(async () => {
      const sync = await tenant.client.get<{ systems: Array<{ entityVersion: number }> }>(
        `/v1/customers/${id}/sync`,
      );
      expect(sync.body.systems).toEqual([expect.objectContaining({ entityVersion: 2 })]);
    });
    // Stripe had been renamed from the first name just before: the connector's write replaced it.
    const change = anInboundChange({
      tenant: tenant.tenantId,
      connectionId: connection.connectionId,
      externalId: 'cus_1',
      changedAt: PAST,
      content: { name: 'Carl in Stripe' },
    });
    (change.data as { previous?: object }).previous = { name: 'Conflicted Carl' };
    await catalog.publish(
      catalog.topic(connectorInboundTopic('stripe')),
      inboundChangeKey(tenant.tenantId, 'cus_1'),
      change,
    );

    expect(await catalog.applied(tenant.tenantId, 'stripe', change.data.sourceEventId)).toBe(
      'unchanged',
    );
    expect(await customer(tenant, id)).toMatchObject({ name: 'Carl in the catalog', version: 2 });
    expect((await stateOf(tenant, id)).conflicts).toEqual([
      expect.objectContaining({
        field: 'name',
        catalogValue: 'Carl in the catalog',
        externalValue: 'Carl in Stripe',
        resolution: 'catalog',
        policy: 'last-writer-wins',
      }),
    ]);
  });

  /** A customer "Conflicted Carl" synced to Stripe as cus_1 at version 1 (its outcome applied). */
  async function syncedCustomer(conflictPolicy: Record<string, unknown>) {
    const tenant = await catalog.newTenant();
    const connection = await catalog.connect(tenant, 'stripe', { enabled: true, conflictPolicy });
    const created = await tenant.client.post<CustomerView>('/v1/customers', {
      name: 'Conflicted Carl',
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
    return { tenant, connection, id };
  }

  /** Publishes a Stripe change of cus_1 and waits for its result. */
  async function applyStripeChange(
    tenant: TestTenant,
    connectionId: string,
    changedAt: string,
    name: string,
    reported?: { name: string; previousName: string },
  ): Promise<string> {
    const change = anInboundChange({
      tenant: tenant.tenantId,
      connectionId,
      externalId: 'cus_1',
      changedAt,
      content: { name },
    });
    if (reported) {
      (change.data as { reported?: object }).reported = {
        content: { name: reported.name },
        previous: { name: reported.previousName },
      };
    }
    await catalog.publish(
      catalog.topic(connectorInboundTopic('stripe')),
      inboundChangeKey(tenant.tenantId, 'cus_1'),
      change,
    );
    return catalog.applied(tenant.tenantId, 'stripe', change.data.sourceEventId);
  }

  it("records a Stripe change overwritten by a Concord write whose connector died before saving its link (the event's change reported beside the record as read)", async () => {
    const { tenant, connection, id } = await syncedCustomer({ default: 'last-writer-wins' });
    const patched = await tenant.client.patch<CustomerView>(
      `/v1/customers/${id}`,
      { name: 'Carl in the catalog' },
      { headers: { 'if-match': '1' } },
    );
    expect(patched.status).toBe(200);
    const events = await catalog.collect(catalog.topic(CatalogTopics.customer));
    // Stripe renamed Carl, then the connector wrote version 2 over it and died: Stripe now holds
    // the catalog's name, and the connector could not tell whether that was its own write.
    const result = await applyStripeChange(
      tenant,
      connection.connectionId,
      new Date(Date.now() + 500).toISOString(),
      'Carl in the catalog',
      { name: 'Carl in Stripe', previousName: 'Conflicted Carl' },
    );

    expect(result).toBe('updated');
    expect(await customer(tenant, id)).toMatchObject({ name: 'Carl in Stripe', version: 3 });
    expect((await stateOf(tenant, id)).conflicts).toEqual([
      expect.objectContaining({
        field: 'name',
        catalogValue: 'Carl in the catalog',
        externalValue: 'Carl in Stripe',
        resolution: 'external',
        policy: 'last-writer-wins',
      }),
    ]);
    // Stripe holds the catalog's old name: its connector is asked to write Stripe's name back.
    const taken = await eventually(() => {
      const event = events.messages.find(
        (m) =>
          (m.value as { entityVersion: number; subject: string }).subject === id &&
          (m.value as { entityVersion: number }).entityVersion === 3,
      );
      if (!event) throw new Error('version 3 not published yet');
      return event;
    });
    expect(taken.headers[MessageHeaders.resync]).toBe('stripe');
  });

  /** Renames Carl in the catalog (version 2), written to Stripe: its outcome sets the baseline. */
  async function renamedAndWritten(tenant: TestTenant, connectionId: string, id: string) {
    const patched = await tenant.client.patch<CustomerView>(
      `/v1/customers/${id}`,
      { name: 'Carl in the catalog' },
      { headers: { 'if-match': '1' } },
    );
    expect(patched.status).toBe(200);
    await catalog.publish(
      catalog.topic(connectorOutcomeTopic('stripe')),
      syncOutcomeKey(tenant.tenantId, id),
      aSyncOutcome({
        tenant: tenant.tenantId,
        connectionId,
        entityId: id,
        entityVersion: 2,
        status: 'synced',
        externalId: 'cus_1',
        contentHash: contentHash(
          'customer',
          contentOf('customer', patched.body as unknown as Customer),
        ),
      }),
    );
    await eventually(async () => {
      const sync = await tenant.client.get<{ systems: Array<{ entityVersion: number }> }>(
        `/v1/customers/${id}/sync`,
      );
      expect(sync.body.systems).toEqual([expect.objectContaining({ entityVersion: 2 })]);
    });
  }

  it("records a Stripe change made on the name before the catalog's, read before Concord's write landed, whose outcome came first", async () => {
    const { tenant, connection, id } = await syncedCustomer({ default: 'last-writer-wins' });
    await renamedAndWritten(tenant, connection.connectionId, id);

    const result = await applyStripeChange(
      tenant,
      connection.connectionId,
      new Date().toISOString(),
      'Carl in Stripe',
      { name: 'Carl in Stripe', previousName: 'Conflicted Carl' },
    );

    expect(result).toBe('updated');
    expect(await customer(tenant, id)).toMatchObject({ name: 'Carl in Stripe', version: 3 });
    expect((await stateOf(tenant, id)).conflicts).toEqual([
      expect.objectContaining({
        field: 'name',
        catalogValue: 'Carl in the catalog',
        externalValue: 'Carl in Stripe',
        resolution: 'external',
      }),
    ]);
  });

  it('takes a Stripe change made on an older base without a conflict when the catalog edited long before', async () => {
    const { tenant, connection, id } = await syncedCustomer({ default: 'last-writer-wins' });
    await renamedAndWritten(tenant, connection.connectionId, id);

    const result = await applyStripeChange(tenant, connection.connectionId, FUTURE, 'Carl, later', {
      name: 'Carl, later',
      previousName: 'Conflicted Carl',
    });

    expect(result).toBe('updated');
    expect(await customer(tenant, id)).toMatchObject({ name: 'Carl, later', version: 3 });
    expect((await stateOf(tenant, id)).conflicts).toEqual([]);
  });

  it('does not take a value Stripe itself wrote later for a Concord write over a reported change', async () => {
    const { tenant, connection, id } = await syncedCustomer({ default: 'last-writer-wins' });
    // Two renames in Stripe, after the catalog's last change; the later one's webhook is applied first.
    const now = new Date().toISOString();
    expect(await applyStripeChange(tenant, connection.connectionId, now, 'Carl, twice')).toBe(
      'updated',
    );
    const result = await applyStripeChange(tenant, connection.connectionId, FUTURE, 'Carl, twice', {
      name: 'Carl, once',
      previousName: 'Conflicted Carl',
    });

    expect(result).toBe('unchanged');
    expect(await customer(tenant, id)).toMatchObject({ name: 'Carl, twice', version: 2 });
    expect((await stateOf(tenant, id)).conflicts).toEqual([]);
  });

  it('last-writer-wins: a newer external change wins the field', async () => {
    const { tenant, id, result } = await conflictOn({ default: 'last-writer-wins' }, FUTURE);

    expect(result).toBe('updated');
    expect(await customer(tenant, id)).toMatchObject({ phone: '+1 333', version: 3 });
    expect(await stateOf(tenant, id)).toEqual({
      state: 'synced',
      conflicts: [
        expect.objectContaining({
          field: 'phone',
          catalogValue: '+1 222',
          externalValue: '+1 333',
          resolution: 'external',
          policy: 'last-writer-wins',
        }),
      ],
    });
  });

  it('last-writer-wins: an older external change loses, and the sync state shows the conflict', async () => {
    const { tenant, id, result } = await conflictOn({ default: 'last-writer-wins' }, PAST);

    expect(result).toBe('unchanged');
    expect(await customer(tenant, id)).toMatchObject({ phone: '+1 222', version: 2 });
    const listed = await tenant.client.get<{ data: ConflictView[] }>(
      '/v1/sync/conflicts?system=stripe',
    );
    expect(listed.body.data).toEqual([
      expect.objectContaining({
        field: 'phone',
        resolution: 'catalog',
        policy: 'last-writer-wins',
      }),
    ]);
    expect((await stateOf(tenant, id)).state).toBe('conflict');
  });

  it('catalog-wins keeps the catalog value even against a newer external change', async () => {
    const { tenant, id } = await conflictOn({ default: 'catalog-wins' }, FUTURE);

    expect(await customer(tenant, id)).toMatchObject({ phone: '+1 222', version: 2 });
    expect(await stateOf(tenant, id)).toEqual({
      state: 'conflict',
      conflicts: [
        expect.objectContaining({ field: 'phone', resolution: 'catalog', policy: 'catalog-wins' }),
      ],
    });
  });

  it('external-wins takes the external value even from an older change', async () => {
    const { tenant, id } = await conflictOn({ default: 'external-wins' }, PAST);

    expect(await customer(tenant, id)).toMatchObject({ phone: '+1 333', version: 3 });
    expect(await stateOf(tenant, id)).toEqual({
      state: 'synced',
      conflicts: [
        expect.objectContaining({
          field: 'phone',
          resolution: 'external',
          policy: 'external-wins',
        }),
      ],
    });
  });

  it('field owners override the default: each owned field is taken only from its owner', async () => {
    const { tenant, id } = await conflictOn(
      {
        default: 'catalog-wins',
        fieldOwners: [
          { entityType: 'customer', field: 'phone', owner: 'stripe' },
          { entityType: 'customer', field: 'name', owner: 'catalog' },
        ],
      },
      PAST,
      { phone: '+1 333', name: 'Carl in Stripe' },
    );

    expect(await customer(tenant, id)).toMatchObject({
      phone: '+1 333',
      name: 'Carl in the catalog',
      version: 3,
    });
    const { conflicts, state } = await stateOf(tenant, id);
    expect(conflicts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'phone', resolution: 'external', policy: 'owner:stripe' }),
        expect.objectContaining({ field: 'name', resolution: 'catalog', policy: 'owner:catalog' }),
      ]),
    );
    expect(conflicts).toHaveLength(2);
    expect(state).toBe('conflict');
  });

  describe('a delete in Stripe of a customer changed in the catalog since the last sync', () => {
    async function deletedOf(tenant: TestTenant, id: string): Promise<boolean> {
      const response = await tenant.client.get<{ deletedAt: string | null }>(
        `/v1/customers/${id}?includeDeleted=true`,
      );
      return response.body.deletedAt !== null;
    }

    it('last-writer-wins: a delete older than the catalog edit is a conflict the catalog keeps', async () => {
      const { tenant, id, result } = await conflictOn({ default: 'last-writer-wins' }, PAST, null);

      expect(result).toBe('conflict');
      expect(await deletedOf(tenant, id)).toBe(false);
      expect(await customer(tenant, id)).toMatchObject({ name: 'Carl in the catalog' });
      expect(await stateOf(tenant, id)).toEqual({
        state: 'conflict',
        conflicts: [
          expect.objectContaining({
            field: 'deleted',
            catalogValue: false,
            externalValue: true,
            resolution: 'catalog',
            policy: 'last-writer-wins',
          }),
        ],
      });
    });

    it('last-writer-wins: a newer delete wins, and the conflict is still recorded', async () => {
      const { tenant, id, result } = await conflictOn(
        { default: 'last-writer-wins' },
        FUTURE,
        null,
      );

      expect(result).toBe('deleted');
      expect(await deletedOf(tenant, id)).toBe(true);
      expect((await stateOf(tenant, id)).conflicts).toEqual([
        expect.objectContaining({ field: 'deleted', resolution: 'external' }),
      ]);
    });

    it('catalog-wins keeps the record even against a newer delete; external-wins deletes it', async () => {
      const kept = await conflictOn({ default: 'catalog-wins' }, FUTURE, null);
      expect(kept.result).toBe('conflict');
      expect(await deletedOf(kept.tenant, kept.id)).toBe(false);
      const deleted = await conflictOn({ default: 'external-wins' }, PAST, null);
      expect(deleted.result).toBe('deleted');
      expect(await deletedOf(deleted.tenant, deleted.id)).toBe(true);
    });
  });
});
