import { InProcessLock } from '@concord/auth';
import {
  contentHash,
  contentOf,
  encodeCatalogLinks,
  MessageHeaders,
  type SyncOutcome,
} from '@concord/model';
import { aCatalogEvent, aCustomer, anInvoice } from '@concord/testing';

import { fakeDefinition, FakeSystem } from '../../../test/fake-system';
import { connectionSettings, consumed, outboundHarness } from '../../../test/kit-harness';
import { DeferredRetryError } from '../errors/deferred-retry.error';
import { InProcessWrittenVersions } from '../state/written-versions';

function setup(options: { maxAttempts?: number } = {}) {
  const system = new FakeSystem();
  const harness = outboundHarness(fakeDefinition(system), options);
  const settings = connectionSettings('fakesys');
  const outcomes = (): SyncOutcome[] =>
    harness.sender.on(harness.topics.outcome).map((m) => m.value as SyncOutcome);
  const customerEvent = (overrides: Parameters<typeof aCatalogEvent<'customer'>>[1] = {}) =>
    aCatalogEvent('customer', {
      ...overrides,
      entity: { tenantId: settings.tenant, ...overrides.entity },
    });
  return {
    system,
    harness,
    settings,
    outcomes,
    customerEvent,
    topic: harness.topics.catalog.customer,
  };
}

/** A record created, then updated (v2, a second later) and deleted (v3, two seconds later). */
function createUpdateDelete(customerEvent: ReturnType<typeof setup>['customerEvent']) {
  const created = customerEvent({ operation: 'created' });
  const t = Date.parse(created.data.entity.updatedAt);
  const update = customerEvent({
    entity: {
      ...created.data.entity,
      name: 'v2',
      version: 2,
      updatedAt: new Date(t + 1000).toISOString(),
    },
  });
  const at = new Date(t + 2000).toISOString();
  const deleted = customerEvent({
    operation: 'deleted',
    entity: { ...created.data.entity, version: 3, updatedAt: at, deletedAt: at },
  });
  return { created, update, deleted, at };
}

describe('OutboundProcessor', () => {
  it('creates the external record with the event id as idempotency key, links it and reports synced', async () => {
    const { system, harness, settings, outcomes, customerEvent, topic } = setup();
    await harness.connect(settings);
    const event = customerEvent({ operation: 'created' });

    expect(await harness.processor.handle(consumed(topic, event))).toBe('synced');

    const record = system.byConcordId('customer', event.subject);
    expect(record?.data).toMatchObject({
      name: event.data.entity.name,
      email: event.data.entity.email,
    });
    expect(system.requests).toEqual([
      { op: 'create-customer', idempotencyKey: `concord-${event.id}-create` },
    ]);
    expect(outcomes()).toEqual([
      expect.objectContaining({
        subject: event.subject,
        data: expect.objectContaining({
          status: 'synced',
          externalId: record?.id,
          eventId: event.id,
          contentHash: contentHash('customer', contentOf('customer', event.data.entity)),
        }),
      }),
    ]);
    const link = harness.state.link(
      { tenant: settings.tenant, connectionId: settings.connectionId },
      'customer',
      event.subject,
    );
    expect(link?.externalId).toBe(record?.id);
  });

  it('updates through the link right after a create, without any search', async () => {
    const { system, harness, settings, customerEvent, topic } = setup();
    await harness.connect(settings);
    const created = customerEvent({ operation: 'created' });
    await harness.processor.handle(consumed(topic, created));
    const later = new Date(Date.parse(created.data.entity.updatedAt) + 1000).toISOString();
    const updated = customerEvent({
      entity: { ...created.data.entity, name: 'Ada King', version: 2, updatedAt: later },
    });

    expect(await harness.processor.handle(consumed(topic, updated))).toBe('synced');

    expect(system.requests.map((r) => r.op)).toEqual(['create-customer', 'update-customer']);
    expect(system.byConcordId('customer', created.subject)?.data['name']).toBe('Ada King');
    expect(system.creates('customer')).toBe(1);
  });

  it('replays the same idempotency key when an event is redelivered, creating nothing twice', async () => {
    const { system, harness, settings, customerEvent, topic } = setup();
    await harness.connect(settings);
    const event = customerEvent({ operation: 'created' });
    harness.sender.failNext = true; // the link write fails after the external create succeeded

    await expect(harness.processor.handle(consumed(topic, event))).rejects.toThrow();
    await harness.processor.handle(consumed(topic, event, 2));

    expect(system.requests.map((r) => r.idempotencyKey)).toEqual([
      `concord-${event.id}-create`,
      `concord-${event.id}-create`,
    ]);
    expect([...system.records.values()]).toHaveLength(1);
  });

  it('looks a create up by its catalog id when it is retried after the idempotency window, creating nothing twice', async () => {
    const { system, harness, settings, customerEvent, topic } = setup();
    await harness.connect(settings);
    const dayAgo = new Date(Date.now() - 25 * 60 * 60 * 1000).toISOString();
    const event = { ...customerEvent({ operation: 'created' }), time: dayAgo };
    harness.sender.failNext = true; // the link write fails after the external create succeeded
    await expect(harness.processor.handle(consumed(topic, event))).rejects.toThrow();
    system.forgetIdempotencyKeys(); // a day later, the system no longer knows the key

    expect(await harness.processor.handle(consumed(harness.topics.retry, event, 2))).toBe('synced');
    expect([...system.records.values()]).toHaveLength(1);
    // Each attempt, past the window, looks first; the second finds the first one's record.
    expect(system.requests.map((r) => r.op)).toEqual([
      'find-customer',
      'create-customer',
      'find-customer',
      'update-customer',
    ]);
  });

  it('spends no lookup on a create within the idempotency window', async () => {
    const { system, harness, settings, customerEvent, topic } = setup();
    await harness.connect(settings);
    await harness.processor.handle(consumed(topic, customerEvent({ operation: 'created' })));
    expect(system.requests.map((r) => r.op)).toEqual(['create-customer']);
  });

  it('never writes back a change that came from the same system, publishes no outcome for it, and learns its link from the correlation id', async () => {
    const { system, harness, settings, outcomes, customerEvent, topic } = setup();
    await harness.connect(settings);
    const external = system.put('customer', { name: 'From the system' });
    const echo = customerEvent({
      operation: 'created',
      origin: 'fakesys',
      correlationId: `fakesys:customer:${external.id}:abcd1234`,
    });

    expect(await harness.processor.handle(consumed(topic, echo))).toBe('skipped-echo');

    expect(system.requests).toEqual([]);
    // The catalog recorded the link when it applied the change: no outcome for the echo.
    expect(outcomes()).toEqual([]);
    const scope = { tenant: settings.tenant, connectionId: settings.connectionId };
    expect(harness.state.link(scope, 'customer', echo.subject)?.externalId).toBe(external.id);
  });

  describe('an echo (the catalog took a value from this very system)', () => {
    /** Created (v1), renamed in the catalog and written (v2), then the echo of an external rename (v3). */
    async function renamedOnBothSides() {
      const context = setup();
      const { harness, settings, customerEvent, topic, system } = context;
      await harness.connect(settings);
      const created = customerEvent({ operation: 'created' });
      const t = Date.parse(created.data.entity.updatedAt);
      const at = (ms: number) => new Date(t + ms).toISOString();
      await harness.processor.handle(consumed(topic, created));
      const catalogSide = customerEvent({
        entity: { ...created.data.entity, name: 'catalog-side', version: 2, updatedAt: at(1000) },
        changedFields: ['name'],
      });
      const echo = customerEvent({
        origin: 'fakesys',
        entity: { ...created.data.entity, name: 'system-side', version: 3, updatedAt: at(2000) },
        changedFields: ['name'],
      });
      const record = system.byConcordId('customer', created.subject);
      if (!record) throw new Error('not created');
      return { ...context, created, catalogSide, echo, record };
    }

    it("is written back when the connector's own later write replaced it in the system", async () => {
      const { harness, topic, catalogSide, echo, record, system, outcomes } =
        await renamedOnBothSides();
      // The system took "system-side" first; the connector's write of v2 then replaced it.
      record.data = { ...record.data, name: 'system-side' };
      expect(await harness.processor.handle(consumed(topic, catalogSide))).toBe('synced');
      expect(record.data['name']).toBe('catalog-side');

      expect(await harness.processor.handle(consumed(topic, echo))).toBe('synced');

      expect(record.data['name']).toBe('system-side');
      expect(system.requests.map((r) => r.op).slice(-2)).toEqual(['read', 'update-customer']);
      expect(outcomes().at(-1)?.data).toMatchObject({ status: 'synced', entityVersion: 3 });
    });

    it('is not written when the system holds its content, and the link learns it', async () => {
      const { harness, topic, echo, record, system, settings } = await renamedOnBothSides();
      record.data = { ...record.data, name: 'system-side' };
      const before = system.requests.length;

      expect(await harness.processor.handle(consumed(topic, echo))).toBe('skipped-echo');

      expect(system.requests.slice(before).map((r) => r.op)).toEqual(['read']);
      const scope = { tenant: settings.tenant, connectionId: settings.connectionId };
      const hash = contentHash('customer', contentOf('customer', echo.data.entity));
      expect(harness.state.link(scope, 'customer', echo.subject)?.contentHash).toBe(hash);
    });

    it('is written when the catalog asks for it (resync), though no link shows the connector’s write', async () => {
      const { harness, topic, echo, record, system } = await renamedOnBothSides();
      // The connector wrote "catalog-side" and died before saving its link: only the catalog
      // knows (from the record as read) that the system holds a value Concord wrote.
      record.data = { ...record.data, name: 'catalog-side' };

      expect(
        await harness.processor.handle(consumed(topic, echo, 1, { 'x-concord-resync': 'fakesys' })),
      ).toBe('synced');

      expect(record.data['name']).toBe('system-side');
      expect(system.requests.at(-1)?.op).toBe('update-customer');
    });

    it('is not written when the system moved on to a third value (its own event follows)', async () => {
      const { harness, topic, catalogSide, echo, record, system } = await renamedOnBothSides();
      await harness.processor.handle(consumed(topic, catalogSide));
      record.data = { ...record.data, name: 'newer external edit' };
      const before = system.requests.length;

      expect(await harness.processor.handle(consumed(topic, echo))).toBe('skipped-echo');

      expect(system.requests.slice(before).map((r) => r.op)).toEqual(['read']);
      expect(record.data['name']).toBe('newer external edit');
    });
  });

  it('skips a change whose content equals what was last synced', async () => {
    const { system, harness, settings, outcomes, customerEvent, topic } = setup();
    await harness.connect(settings);
    const created = customerEvent({ operation: 'created' });
    await harness.processor.handle(consumed(topic, created));
    const later = new Date(Date.parse(created.data.entity.updatedAt) + 1000).toISOString();
    const same = customerEvent({
      entity: { ...created.data.entity, version: 2, updatedAt: later },
    });

    expect(await harness.processor.handle(consumed(topic, same))).toBe('skipped-unchanged');
    expect(system.requests).toHaveLength(1);
    expect(outcomes()[1].data.status).toBe('skipped');
  });

  it("writes unchanged content when the catalog asks this system's connector to resync it", async () => {
    const { system, harness, settings, outcomes, customerEvent, topic } = setup();
    await harness.connect(settings);
    const created = customerEvent({ operation: 'created' });
    await harness.processor.handle(consumed(topic, created));
    const later = new Date(Date.parse(created.data.entity.updatedAt) + 1000).toISOString();
    const kept = customerEvent({
      entity: { ...created.data.entity, version: 2, updatedAt: later },
    });
    const forOther = customerEvent({
      entity: { ...created.data.entity, version: 3, updatedAt: later },
    });

    expect(
      await harness.processor.handle(consumed(topic, kept, 1, { 'x-concord-resync': 'fakesys' })),
    ).toBe('synced');
    expect(
      await harness.processor.handle(consumed(topic, forOther, 1, { 'x-concord-resync': 'other' })),
    ).toBe('skipped-unchanged');
    expect(system.requests).toHaveLength(2);
    expect(outcomes()[1].data.status).toBe('synced');
  });

  it('drops a retry overtaken by a newer version of the same record', async () => {
    const { system, harness, settings, customerEvent, topic } = setup();
    await harness.connect(settings);
    const v1 = customerEvent({ operation: 'created' });
    const t = Date.parse(v1.data.entity.updatedAt);
    const v2 = customerEvent({
      entity: {
        ...v1.data.entity,
        name: 'v2',
        version: 2,
        updatedAt: new Date(t + 1000).toISOString(),
      },
    });
    const v3 = customerEvent({
      entity: {
        ...v1.data.entity,
        name: 'v3',
        version: 3,
        updatedAt: new Date(t + 2000).toISOString(),
      },
    });
    await harness.processor.handle(consumed(topic, v1));
    await harness.processor.handle(consumed(topic, v3));

    expect(
      await harness.processor.handle(
        consumed(harness.topics.retry, v2, 2, { 'x-retry-attempt': '1' }),
      ),
    ).toBe('skipped-stale');
    expect(system.byConcordId('customer', v1.subject)?.data['name']).toBe('v3');
  });

  it('writes the whole record after a failed version, so what that version changed is not lost', async () => {
    const { system, harness, settings, customerEvent, topic } = setup();
    await harness.connect(settings);
    const v1 = customerEvent({ operation: 'created' });
    const t = Date.parse(v1.data.entity.updatedAt);
    let entity = v1.data.entity;
    const version = (n: number, change: object, changedFields: string[]) => {
      entity = {
        ...entity,
        ...change,
        version: n,
        updatedAt: new Date(t + n * 1000).toISOString(),
      };
      return customerEvent({ changedFields, entity });
    };
    await harness.processor.handle(consumed(topic, v1));
    await harness.processor.handle(consumed(topic, version(2, { name: 'v2' }, ['name'])));
    system.failNext('unavailable');
    await expect(
      harness.processor.handle(consumed(topic, version(3, { email: 'v3@example.com' }, ['email']))),
    ).rejects.toBeInstanceOf(DeferredRetryError);
    await harness.processor.handle(consumed(topic, version(4, { name: 'v4' }, ['name'])));
    await harness.processor.handle(consumed(topic, version(5, { name: 'v5' }, ['name'])));

    // v3 failed: v4 says only the name changed, yet the email of v3 is not in the system either.
    expect(system.byConcordId('customer', v1.subject)?.data).toMatchObject({
      name: 'v5',
      email: 'v3@example.com',
    });
  });

  it('ignores tenants without a connection, disabled connections, other directions and entity types', async () => {
    const { system, harness, settings, outcomes, customerEvent, topic } = setup();
    expect(await harness.processor.handle(consumed(topic, customerEvent()))).toBe(
      'skipped-not-synced',
    );
    for (const change of [
      { enabled: false },
      { direction: 'inbound' as const },
      { entityTypes: ['invoice' as const] },
    ]) {
      await harness.connect({ ...settings, ...change });
      expect(await harness.processor.handle(consumed(topic, customerEvent()))).toBe(
        'skipped-not-synced',
      );
    }
    expect(system.requests).toEqual([]);
    expect(outcomes()).toEqual([]);
  });

  it("parks a tenant's events while its connection may still come in the catalog's answer", async () => {
    let awaiting = true;
    const system = new FakeSystem();
    const harness = outboundHarness(fakeDefinition(system), {
      awaitingConnections: () => awaiting,
    });
    const event = aCatalogEvent('customer', { entity: { tenantId: 'tenant-a' } });
    const topic = harness.topics.catalog.customer;

    expect(await harness.processor.handle(consumed(topic, event))).toBe('parked');
    const [parked] = harness.sender.on(harness.topics.retry);
    expect(parked.value).toEqual(event);
    // Maybe older than the connection: matched by keys before creating, like the snapshot.
    expect(parked.headers).toMatchObject({
      'x-concord-lane': 'live',
      'x-concord-awaited-connection': '1',
    });

    awaiting = false;
    expect(await harness.processor.handle(consumed(topic, event))).toBe('skipped-not-synced');
    expect(system.requests).toEqual([]);
  });

  it('parks messages of a paused connection on the retry topic without spending an attempt', async () => {
    const { system, harness, settings, customerEvent, topic } = setup();
    await harness.connect({ ...settings, paused: true, pausedReason: 'operator' });
    const event = customerEvent();

    expect(await harness.processor.handle(consumed(topic, event, 3))).toBe('parked');

    expect(system.requests).toEqual([]);
    const [parked] = harness.sender.on(harness.topics.retry);
    expect(parked.value).toEqual(event);
    expect(parked.headers).toMatchObject({ 'x-retry-attempt': '2', 'x-concord-lane': 'live' });
    expect(Number(parked.headers['x-retry-not-before'])).toBeGreaterThan(Date.now());
  });

  it('holds an invoice until its customer is linked, then writes it', async () => {
    const { system, harness, settings, customerEvent, topic } = setup();
    await harness.connect(settings);
    const customer = aCustomer({ tenantId: settings.tenant });
    const invoice = aCatalogEvent('invoice', {
      operation: 'created',
      entity: anInvoice({ tenantId: settings.tenant, customerId: customer.id }),
    });
    const invoiceTopic = harness.topics.catalog.invoice;

    const waiting = harness.processor.handle(consumed(invoiceTopic, invoice));
    await expect(waiting).rejects.toBeInstanceOf(DeferredRetryError);
    await expect(waiting).rejects.toMatchObject({ code: 'DEPENDENCY_NOT_READY' });
    expect(system.creates('invoice')).toBe(0);

    await harness.processor.handle(
      consumed(topic, customerEvent({ operation: 'created', entity: customer })),
    );
    expect(await harness.processor.handle(consumed(invoiceTopic, invoice, 2))).toBe('synced');
    expect(system.creates('invoice')).toBe(1);
  });

  it("links a record again from the catalog's identity map after its link was lost, creating nothing", async () => {
    const { system, harness, settings, customerEvent, topic } = setup();
    await harness.connect(settings);
    // First seen in the system, so it carries no Concord id there; the connector's link is gone.
    const existing = system.put('customer', { name: 'Alan Turing' });
    const updated = customerEvent({ entity: { name: 'Alan M. Turing', version: 2 } });
    const links = encodeCatalogLinks([
      {
        system: 'fakesys',
        entityType: 'customer',
        entityId: updated.subject,
        externalId: existing.id,
      },
      { system: 'other', entityType: 'customer', entityId: updated.subject, externalId: 'x_1' },
    ]);

    expect(
      await harness.processor.handle(
        consumed(topic, updated, 1, { [MessageHeaders.links]: links as string }),
      ),
    ).toBe('synced');

    expect(system.creates('customer')).toBe(0);
    expect(system.records.get(existing.id)?.data['name']).toBe('Alan M. Turing');
    const scope = { tenant: settings.tenant, connectionId: settings.connectionId };
    expect(harness.state.link(scope, 'customer', updated.subject)?.externalId).toBe(existing.id);
  });

  it("writes an invoice whose customer's link was lost, linked from the catalog's identity map", async () => {
    const { system, harness, settings } = setup();
    await harness.connect(settings);
    const customer = aCustomer({ tenantId: settings.tenant });
    const inSystem = system.put('customer', { name: customer.name });
    const invoice = aCatalogEvent('invoice', {
      operation: 'created',
      entity: anInvoice({ tenantId: settings.tenant, customerId: customer.id, lines: [] }),
    });
    const links = encodeCatalogLinks([
      { system: 'fakesys', entityType: 'customer', entityId: customer.id, externalId: inSystem.id },
    ]);

    expect(
      await harness.processor.handle(
        consumed(harness.topics.catalog.invoice, invoice, 1, {
          [MessageHeaders.links]: links as string,
        }),
      ),
    ).toBe('synced');
    expect(system.creates('customer')).toBe(0);
    expect(system.creates('invoice')).toBe(1);
  });

  it("never lets the catalog's identity map override a link the connector holds", async () => {
    const { system, harness, settings, customerEvent, topic } = setup();
    await harness.connect(settings);
    const created = customerEvent({ operation: 'created' });
    await harness.processor.handle(consumed(topic, created));
    const linked = system.byConcordId('customer', created.subject);
    const later = new Date(Date.parse(created.data.entity.updatedAt) + 1000).toISOString();
    const updated = customerEvent({
      entity: { ...created.data.entity, name: 'Ada King', version: 2, updatedAt: later },
    });
    const links = encodeCatalogLinks([
      {
        system: 'fakesys',
        entityType: 'customer',
        entityId: created.subject,
        externalId: 'cus_other',
      },
    ]);

    await harness.processor.handle(
      consumed(topic, updated, 1, { [MessageHeaders.links]: links as string }),
    );

    const scope = { tenant: settings.tenant, connectionId: settings.connectionId };
    expect(harness.state.link(scope, 'customer', created.subject)?.externalId).toBe(linked?.id);
    expect(linked?.data['name']).toBe('Ada King');
  });

  it('defers retryable failures with a delay that grows with the attempt, then reports the last failure', async () => {
    const { system, harness, settings, outcomes, customerEvent, topic } = setup({ maxAttempts: 3 });
    await harness.connect(settings);
    const event = customerEvent({ operation: 'created' });
    system.failNext('unavailable', 'unavailable', 'unavailable');

    const first = await harness.processor
      .handle(consumed(topic, event, 1))
      .catch((e: unknown) => e);
    const second = await harness.processor
      .handle(consumed(topic, event, 2))
      .catch((e: unknown) => e);
    const last = await harness.processor.handle(consumed(topic, event, 3)).catch((e: unknown) => e);

    expect(first).toBeInstanceOf(DeferredRetryError);
    expect((second as DeferredRetryError).retryAfterMs).toBeGreaterThan(
      (first as DeferredRetryError).retryAfterMs,
    );
    expect(last).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', category: 'retryable' });
    expect(outcomes()).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ status: 'failed', attempt: 3 }) }),
    ]);
  });

  it('reports and dead-letters a permanent failure at once', async () => {
    const { system, harness, settings, outcomes, customerEvent, topic } = setup();
    await harness.connect(settings);
    system.failNext('invalid');

    await expect(harness.processor.handle(consumed(topic, customerEvent()))).rejects.toMatchObject({
      category: 'validation',
    });
    expect(outcomes()[0].data.error).toMatchObject({
      code: 'REJECTED_BY_UPSTREAM',
      retryable: false,
    });
  });

  it('pauses the connection on refused credentials and keeps the message for later', async () => {
    const { system, harness, settings, outcomes, customerEvent, topic } = setup();
    await harness.connect(settings);
    system.failNext('auth');

    expect(await harness.processor.handle(consumed(topic, customerEvent()))).toBe('parked');

    expect(harness.registry.forTenant(settings.tenant)?.attention).toEqual({
      kind: 'credentials',
      reason: expect.stringContaining('refused the credentials'),
    });
    expect(outcomes()[0].data.error?.category).toBe('auth');
    expect(harness.sender.on(harness.topics.retry)).toHaveLength(1);
    expect(await harness.processor.handle(consumed(topic, customerEvent()))).toBe('parked');
  });

  it('fails a change that arrives once the connection is flagged for refused credentials, once, and parks it', async () => {
    const { system, harness, settings, outcomes, customerEvent, topic } = setup();
    await harness.connect(settings);
    system.failNext('auth');
    expect(await harness.processor.handle(consumed(topic, customerEvent()))).toBe('parked');
    const requestsBefore = system.requests.length;
    const second = customerEvent();

    expect(await harness.processor.handle(consumed(topic, second))).toBe('parked');

    // Not written (the connection waits for a person), but its sync state says why.
    expect(system.requests).toHaveLength(requestsBefore);
    expect(outcomes()[1].data).toMatchObject({
      entityId: second.subject,
      status: 'failed',
      error: { code: 'CONNECTION_NEEDS_ATTENTION', category: 'auth' },
    });
    expect(outcomes()[1].data.error?.message).toContain('refused the credentials');
    // Back from the retry topic, still paused: parked again without another outcome (nor for
    // the first, which the refused write reported).
    const [parkedFirst, parkedSecond] = harness.sender.on(harness.topics.retry);
    expect(parkedFirst?.headers?.['x-concord-held-reported']).toBe('1');
    expect(
      await harness.processor.handle(
        consumed(harness.topics.retry, second, 1, parkedSecond?.headers ?? {}),
      ),
    ).toBe('parked');
    expect(outcomes()).toHaveLength(2);
  });

  it('pauses the connection when the daily allowance is used up, keeping the message without spending an attempt', async () => {
    const { system, harness, settings, outcomes, customerEvent, topic } = setup();
    await harness.connect(settings);
    system.failNext('daily-limit');

    expect(await harness.processor.handle(consumed(topic, customerEvent()))).toBe('parked');

    expect(harness.registry.forTenant(settings.tenant)?.attention).toEqual({
      kind: 'allowance',
      reason: expect.stringContaining('daily API allocation used up'),
    });
    expect(outcomes()[0].data.error?.code).toBe('DAILY_ALLOWANCE_EXHAUSTED');
    const parked = harness.sender.on(harness.topics.retry);
    expect(parked).toHaveLength(1);
    expect(parked[0]?.headers?.['x-retry-attempt']).toBe('0');
    expect(await harness.processor.handle(consumed(topic, customerEvent()))).toBe('parked');
  });

  it('matches an existing record by key for a backfill snapshot instead of creating one', async () => {
    const { system, harness, settings, customerEvent } = setup();
    await harness.connect(settings);
    const existing = system.put('customer', { name: 'Ada', email: 'ada@example.com' });
    const snapshot = customerEvent({ operation: 'updated', entity: { email: 'ada@example.com' } });

    expect(await harness.processor.handle(consumed(harness.topics.retry, snapshot))).toBe('synced');

    expect(system.creates('customer')).toBe(0);
    expect(system.records.get(existing.id)?.data['name']).toBe(snapshot.data.entity.name);
  });

  it('matches by key a live create that was parked while its connection was awaited', async () => {
    const { system, harness, settings, customerEvent, topic } = setup();
    await harness.connect(settings);
    const existing = system.put('customer', { name: 'Ada', email: 'ada@example.com' });
    const created = customerEvent({ operation: 'created', entity: { email: 'ada@example.com' } });
    const returned = consumed(harness.topics.retry, created, 1, {
      'x-retry-attempt': '0',
      'x-concord-lane': 'live',
      'x-concord-awaited-connection': '1',
    });

    expect(await harness.processor.handle(returned)).toBe('synced');

    expect(system.creates('customer')).toBe(0);
    expect(system.records.get(existing.id)?.data['name']).toBe(created.data.entity.name);
    // Without the mark, the same create on the live lane creates (its idempotency key guards it).
    const fresh = customerEvent({ operation: 'created', entity: { email: 'bea@example.com' } });
    system.put('customer', { name: 'Bea', email: 'bea@example.com' });
    expect(await harness.processor.handle(consumed(topic, fresh))).toBe('synced');
    expect(system.creates('customer')).toBe(1);
  });

  it('deletes the linked external record and forgets the link', async () => {
    const { system, harness, settings, customerEvent, topic } = setup();
    await harness.connect(settings);
    const created = customerEvent({ operation: 'created' });
    await harness.processor.handle(consumed(topic, created));
    const later = new Date(Date.parse(created.data.entity.updatedAt) + 1000).toISOString();
    const deleted = customerEvent({
      operation: 'deleted',
      entity: { ...created.data.entity, version: 2, updatedAt: later, deletedAt: later },
    });

    expect(await harness.processor.handle(consumed(topic, deleted))).toBe('synced');

    expect(system.byConcordId('customer', created.subject)).toBeUndefined();
    const scope = { tenant: settings.tenant, connectionId: settings.connectionId };
    expect(harness.state.link(scope, 'customer', created.subject)).toBeNull();
  });

  it('keeps a deleted record deleted when an older update, parked for a retry, arrives after the delete', async () => {
    const { system, harness, settings, customerEvent, topic } = setup();
    await harness.connect(settings);
    const { created, update, deleted, at } = createUpdateDelete(customerEvent);
    await harness.processor.handle(consumed(topic, created));
    await harness.processor.handle(consumed(topic, deleted));

    expect(
      await harness.processor.handle(
        consumed(harness.topics.retry, update, 2, { 'x-retry-attempt': '1' }),
      ),
    ).toBe('skipped-stale');
    expect(system.byConcordId('customer', created.subject)).toBeUndefined();
    const scope = { tenant: settings.tenant, connectionId: settings.connectionId };
    expect(harness.state.lastWrittenVersion(scope, 'customer', created.subject)).toBe(3);
    expect(harness.state.link(scope, 'customer', created.subject)).toBeNull();
    expect(at).toBe(deleted.data.entity.updatedAt);
  });

  it('writes a newer version stamped earlier by a catalog replica with a slower clock', async () => {
    const { system, harness, settings, customerEvent, topic } = setup();
    await harness.connect(settings);
    const v1 = customerEvent({ operation: 'created' });
    const t = Date.parse(v1.data.entity.updatedAt);
    // v2 is newer (its version says so), though its replica's clock put it a second earlier.
    const v2 = customerEvent({
      entity: {
        ...v1.data.entity,
        name: 'v2 from a slow clock',
        version: 2,
        updatedAt: new Date(t - 1000).toISOString(),
      },
    });
    await harness.processor.handle(consumed(topic, v1));

    expect(await harness.processor.handle(consumed(topic, v2))).toBe('synced');
    expect(system.byConcordId('customer', v1.subject)?.data['name']).toBe('v2 from a slow clock');
  });

  it('drops an older version on one replica once another replica wrote a newer one', async () => {
    const { system, settings, customerEvent, topic } = setup();
    // Two replicas: their own state (each learns links from the topic, maybe late) and the one
    // shared register of written versions (Redis in production).
    const shared = { lock: new InProcessLock(), writtenVersions: new InProcessWrittenVersions() };
    const definition = fakeDefinition(system);
    const replicaA = outboundHarness(definition, { ordering: shared });
    const replicaB = outboundHarness(definition, { ordering: shared });
    await replicaA.connect(settings);
    await replicaB.connect(settings);
    const { created, update, deleted } = createUpdateDelete(customerEvent);
    await replicaA.processor.handle(consumed(topic, created));
    await replicaA.processor.handle(consumed(topic, deleted));

    // Replica B has not seen A's tombstone on the state topic yet: the register alone stops it.
    expect(
      await replicaB.processor.handle(
        consumed(replicaB.topics.retry, update, 2, { 'x-retry-attempt': '1' }),
      ),
    ).toBe('skipped-stale');
    expect(system.byConcordId('customer', created.subject)).toBeUndefined();
  });

  it("handles one record's messages one at a time, whatever partitions they come from", async () => {
    const { system, harness, settings, customerEvent, topic } = setup();
    await harness.connect(settings);
    const { created, update, deleted } = createUpdateDelete(customerEvent);
    await harness.processor.handle(consumed(topic, created));
    const results = await Promise.all([
      harness.processor.handle(
        consumed(harness.topics.retry, update, 2, { 'x-retry-attempt': '1' }),
      ),
      harness.processor.handle(consumed(topic, deleted)),
    ]);

    expect(results).toEqual(['synced', 'synced']);
    // Interleaved, the update's write would land after the delete and bring the record back.
    const writes = system.requests.map((r) => r.op).filter((op) => op !== 'create-customer');
    expect(writes).toEqual(['update-customer', 'delete-customer']);
  });
});
