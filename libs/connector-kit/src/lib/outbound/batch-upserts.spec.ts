import { RetryableError, ValidationError } from '@concord/errors';
import type { CatalogEvent, SyncOutcome } from '@concord/model';
import { aCatalogEvent, aCustomer } from '@concord/testing';

import {
  type FakeClient,
  fakeDefinition,
  type FakeMapped,
  FakeSystem,
} from '../../../test/fake-system';
import {
  connectionSettings,
  consumed,
  consumedBatch,
  outboundHarness,
} from '../../../test/kit-harness';
import type { BatchItemResult, BatchWriter, WriteBatch } from '../definition/batch-writer';

/** A bulk endpoint over the fake system: customers, two a call, costing two tokens a call. */
function bulkDefinition(
  system: FakeSystem,
  refuse: Record<string, BatchItemResult> = {},
  options: Pick<
    BatchWriter<FakeClient, FakeMapped>,
    'lingerMs' | 'deleteLingerMs' | 'maxBatchSize' | 'operations'
  > = {
    maxBatchSize: { customer: 2 },
  },
  findsByConcordId = false,
) {
  const calls: Array<{ batch: WriteBatch<'customer', unknown>; key: string }> = [];
  const batch: BatchWriter<FakeClient, FakeMapped> = {
    ...options,
    tokensPerCall: 2,
    ...(findsByConcordId ? { findsByConcordId: { customer: true } } : {}),
    writeBatch: async (written, ctx) => {
      return ctx.call('bulk', async (key) => {
        calls.push({ batch: written as WriteBatch<'customer', unknown>, key });
        return written.items.map((item): BatchItemResult => {
          if (written.operation === 'delete') {
            const record = system.records.get(item.existing?.externalId ?? '');
            if (record) record.deleted = true;
            return {
              status: 'written',
              externalId: item.existing?.externalId ?? '',
              externalVersion: null,
            };
          }
          const name = String((item.mapped as { name: string }).name);
          const refused = refuse[name];
          if (refused) return refused;
          const record = system.write(
            `bulk-${written.entityType}`,
            `${key}:${item.idempotencyKey}`,
            () => system.put(written.entityType, { ...(item.mapped as object) }, item.entityId),
          );
          return { status: 'written', externalId: record.id, externalVersion: 'v1' };
        });
      });
    },
  };
  const base = fakeDefinition(system);
  return { definition: { ...base, outbound: { ...base.outbound, batch } }, calls };
}

/** The catalog's delete of a created record (its version 2, a second later). */
function deletionOf(event: CatalogEvent): CatalogEvent {
  const at = new Date(Date.parse(event.data.entity.updatedAt) + 1000).toISOString();
  return aCatalogEvent('customer', {
    operation: 'deleted',
    entity: { ...event.data.entity, version: 2, updatedAt: at, deletedAt: at },
  }) as CatalogEvent;
}

function setup(refuse: Record<string, BatchItemResult> = {}, findsByConcordId = false) {
  const system = new FakeSystem();
  const { definition, calls } = bulkDefinition(
    system,
    refuse,
    { maxBatchSize: { customer: 2 } },
    findsByConcordId,
  );
  const harness = outboundHarness(definition, { maxAttempts: 5 });
  const settings = connectionSettings('fakesys');
  const created = (name: string, extra: Partial<ReturnType<typeof aCustomer>> = {}) =>
    aCatalogEvent('customer', {
      operation: 'created',
      entity: aCustomer({ tenantId: settings.tenant, name, ...extra }),
    }) as CatalogEvent;
  const onTopic = (event: CatalogEvent) => consumed(harness.topics.catalog.customer, event);
  const outcomes = (outputs: Array<{ topic: string; messages: Array<{ value: unknown }> }>) =>
    outputs
      .filter((o) => o.topic === harness.topics.outcome)
      .flatMap((o) => o.messages.map((m) => m.value as SyncOutcome));
  return { system, harness, settings, calls, created, onTopic, outcomes };
}

describe('upserts through an adapter with writeBatch', () => {
  it('writes the records in calls of maxBatchSize, one budget charge per call, and links each', async () => {
    const { system, harness, settings, calls, created, onTopic, outcomes } = setup();
    await harness.connect(settings);
    const events = [created('a'), created('b'), created('c')];

    const { dispositions, outputs } = await harness.batchHandler.handle(
      consumedBatch(events.map(onTopic)),
    );

    expect(dispositions).toEqual(events.map(() => ({ kind: 'done' })));
    expect(calls.map((c) => c.batch.items.map((i) => i.entityId))).toEqual([
      [events[0]?.subject, events[1]?.subject],
      [events[2]?.subject],
    ]);
    expect(calls[0]?.batch).toMatchObject({ entityType: 'customer', operation: 'upsert' });
    expect(calls[0]?.batch.items[0]).toMatchObject({
      existing: null,
      idempotencyKey: `concord-${events[0]?.id}`,
      changedFields: null,
      catalogChangedAt: events[0]?.data.entity.updatedAt,
    });
    expect(calls[0]?.key).toMatch(/^concord-batch-[0-9a-f]{32}-bulk$/);
    expect(system.requests.filter((r) => r.op.startsWith('create-'))).toEqual([]);
    const scope = { tenant: settings.tenant, connectionId: settings.connectionId };
    for (const event of events) {
      const link = harness.state.link(scope, 'customer', event.subject);
      expect(link?.externalId).toBe(system.byConcordId('customer', event.subject)?.id);
    }
    expect(outcomes(outputs).map((o) => o.data.status)).toEqual(['synced', 'synced', 'synced']);
    const connection = harness.registry.forTenant(settings.tenant)?.resolved;
    if (!connection) throw new Error('the connection is not resolved');
    const usage = await harness.budget.usage(
      harness.caller.budgetKey(settings.tenant),
      harness.caller.limitFor(connection),
    );
    expect(usage.used).toBe(4);
  });

  it('replays the same call for a redelivered batch, and skips what is already written', async () => {
    const { harness, settings, calls, created, onTopic } = setup();
    await harness.connect(settings);
    const batch = consumedBatch([created('a'), created('b')].map(onTopic));

    await harness.batchHandler.handle(batch);
    const { dispositions } = await harness.batchHandler.handle(batch);

    expect(dispositions).toEqual([{ kind: 'done' }, { kind: 'done' }]);
    // The second time the links say both sides hold this content: no call at all.
    expect(calls).toHaveLength(1);
  });

  it('looks snapshot records up by catalog id one by one, unless the batch write finds them itself', async () => {
    for (const findsItself of [false, true]) {
      const { system, harness, settings, calls, created } = setup({}, findsItself);
      await harness.connect({ ...settings, matchingKeys: {} });
      // A catalog snapshot arrives on the retry topic without an attempt: the backfill lane.
      const snapshot = [created('a'), created('b')].map((e) => consumed(harness.topics.retry, e));

      await harness.batchHandler.handle(consumedBatch(snapshot));

      const lookups = system.requests.filter((r) => r.op === 'find-customer');
      expect(lookups).toHaveLength(findsItself ? 0 : 2);
      expect(calls.flatMap((c) => c.batch.items.map((i) => i.existing))).toEqual([null, null]);
    }
  });

  it('retries or dead-letters each record by its own result, and writes the others', async () => {
    const refused = new ValidationError('REJECTED_BY_UPSTREAM', 'bad email');
    const { harness, settings, created, onTopic, outcomes } = setup({
      flaky: { status: 'retryable', error: new RetryableError('UPSTREAM_UNAVAILABLE', 'HTTP 503') },
      invalid: { status: 'permanent', error: refused },
    });
    await harness.connect(settings);

    const { dispositions, outputs } = await harness.batchHandler.handle(
      consumedBatch([created('ok'), created('invalid'), created('flaky')].map(onTopic)),
    );

    expect(dispositions[0]).toEqual({ kind: 'done' });
    expect(dispositions[1]).toMatchObject({
      kind: 'dead-letter',
      error: { code: 'REJECTED_BY_UPSTREAM' },
    });
    expect(dispositions[2]).toMatchObject({
      kind: 'retry',
      delayMs: expect.any(Number),
      error: { code: 'UPSTREAM_UNAVAILABLE' },
    });
    expect(outcomes(outputs).map((o) => o.data.status)).toEqual(['synced', 'failed']);
  });

  it('merges the records of batches consumed at the same time into one call when the writer lingers', async () => {
    const system = new FakeSystem();
    const { definition, calls } = bulkDefinition(
      system,
      {},
      { maxBatchSize: { customer: 10 }, lingerMs: { live: 50 } },
    );
    const harness = outboundHarness(definition, { maxAttempts: 5 });
    const settings = connectionSettings('fakesys');
    await harness.connect(settings);
    const created = (name: string) =>
      consumed(
        harness.topics.catalog.customer,
        aCatalogEvent('customer', {
          operation: 'created',
          entity: aCustomer({ tenantId: settings.tenant, name }),
        }) as CatalogEvent,
      );

    // Two partitions' batches, handled concurrently as the consumer does.
    const [first, second] = await Promise.all([
      harness.batchHandler.handle(consumedBatch([created('a'), created('b')])),
      harness.batchHandler.handle(consumedBatch([created('c')])),
    ]);

    expect(calls).toHaveLength(1);
    expect(calls[0]?.batch.items).toHaveLength(3);
    expect([...first.dispositions, ...second.dispositions]).toEqual([
      { kind: 'done' },
      { kind: 'done' },
      { kind: 'done' },
    ]);
    expect([...system.records.values()].map((r) => r.data['name']).sort()).toEqual(['a', 'b', 'c']);
  });

  it('deletes in batches when the writer takes deletes, leaving tombstones (the deleted version) and synced outcomes', async () => {
    const system = new FakeSystem();
    const { definition, calls } = bulkDefinition(
      system,
      {},
      { maxBatchSize: { customer: 10 }, operations: ['upsert', 'delete'] },
    );
    const harness = outboundHarness(definition, { maxAttempts: 5 });
    const settings = connectionSettings('fakesys');
    await harness.connect(settings);
    const events = ['a', 'b', 'c'].map(
      (name) =>
        aCatalogEvent('customer', {
          operation: 'created',
          entity: aCustomer({ tenantId: settings.tenant, name }),
        }) as CatalogEvent,
    );
    const onTopic = (event: CatalogEvent) => consumed(harness.topics.catalog.customer, event);
    await harness.batchHandler.handle(consumedBatch(events.map(onTopic)));
    const deletes = events.map(deletionOf);

    const { dispositions, outputs } = await harness.batchHandler.handle(
      consumedBatch(deletes.map(onTopic)),
    );

    expect(dispositions).toEqual(deletes.map(() => ({ kind: 'done' })));
    expect(calls.map((c) => [c.batch.operation, c.batch.items.length])).toEqual([
      ['upsert', 3],
      ['delete', 3],
    ]);
    expect([...system.records.values()].every((record) => record.deleted)).toBe(true);
    const scope = { tenant: settings.tenant, connectionId: settings.connectionId };
    for (const event of deletes) {
      expect(harness.state.link(scope, 'customer', event.subject)).toBeNull();
      expect(harness.state.lastWrittenVersion(scope, 'customer', event.subject)).toBe(2);
    }
    const statuses = outputs
      .filter((o) => o.topic === harness.topics.outcome)
      .flatMap((o) => o.messages.map((m) => (m.value as SyncOutcome).data.status));
    expect(statuses).toEqual(['synced', 'synced', 'synced']);
  });

  it("merges concurrent delete batches with the writer's delete linger, upserts without one", async () => {
    const system = new FakeSystem();
    const { definition, calls } = bulkDefinition(
      system,
      {},
      {
        maxBatchSize: { customer: 10 },
        operations: ['upsert', 'delete'],
        lingerMs: { live: 0 },
        deleteLingerMs: { live: 50 },
      },
    );
    const harness = outboundHarness(definition, { maxAttempts: 5 });
    const settings = connectionSettings('fakesys');
    await harness.connect(settings);
    const onTopic = (event: CatalogEvent) => consumed(harness.topics.catalog.customer, event);
    const events = ['a', 'b', 'c'].map(
      (name) =>
        aCatalogEvent('customer', {
          operation: 'created',
          entity: aCustomer({ tenantId: settings.tenant, name }),
        }) as CatalogEvent,
    );
    // Two partitions' batches at once: upserts go as they are (no linger), two calls.
    await Promise.all([
      harness.batchHandler.handle(consumedBatch(events.slice(0, 2).map(onTopic))),
      harness.batchHandler.handle(consumedBatch(events.slice(2).map(onTopic))),
    ]);
    const deletes = events.map(deletionOf);

    await Promise.all([
      harness.batchHandler.handle(consumedBatch(deletes.slice(0, 2).map(onTopic))),
      harness.batchHandler.handle(consumedBatch(deletes.slice(2).map(onTopic))),
    ]);

    const sizes = (operation: string) =>
      calls.filter((c) => c.batch.operation === operation).map((c) => c.batch.items.length);
    expect(sizes('upsert').sort()).toEqual([1, 2]);
    expect(sizes('delete')).toEqual([3]);
    expect([...system.records.values()].every((record) => record.deleted)).toBe(true);
  });
});
