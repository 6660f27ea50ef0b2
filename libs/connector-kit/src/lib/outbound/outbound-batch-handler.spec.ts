import type { CatalogEvent, SyncOutcome } from '@concord/model';
import { aCatalogEvent, aCustomer, anInvoice } from '@concord/testing';

import { fakeDefinition, FakeSystem } from '../../../test/fake-system';
import {
  connectionSettings,
  consumed,
  consumedBatch,
  outboundHarness,
} from '../../../test/kit-harness';

function setup() {
  const system = new FakeSystem();
  const harness = outboundHarness(fakeDefinition(system), { maxAttempts: 5 });
  const settings = connectionSettings('fakesys');
  const customer = aCustomer({ tenantId: settings.tenant });
  const customerEvent = (
    version: number,
    name: string,
    operation: 'created' | 'updated' = 'updated',
  ) =>
    aCatalogEvent('customer', {
      operation,
      entity: { ...customer, name, version },
    }) as CatalogEvent;
  const onCustomerTopic = (event: CatalogEvent) => consumed(harness.topics.catalog.customer, event);
  return { system, harness, settings, customer, customerEvent, onCustomerTopic };
}

type Outputs = Awaited<
  ReturnType<ReturnType<typeof setup>['harness']['batchHandler']['handle']>
>['outputs'];

const outcomesIn = (outputs: Outputs, topic: string): SyncOutcome[] =>
  outputs
    .filter((o) => o.topic === topic)
    .flatMap((o) => o.messages.map((m) => m.value as SyncOutcome));

describe('OutboundBatchHandler', () => {
  it('writes each record once, its newest version, and skips the versions it replaced', async () => {
    const { system, harness, settings, customer, customerEvent, onCustomerTopic } = setup();
    await harness.connect(settings);
    const batch = consumedBatch([
      onCustomerTopic(customerEvent(1, 'v1', 'created')),
      onCustomerTopic(customerEvent(2, 'v2')),
      onCustomerTopic(customerEvent(3, 'v3')),
    ]);

    const { dispositions, outputs } = await harness.batchHandler.handle(batch);

    expect(dispositions).toEqual([{ kind: 'done' }, { kind: 'done' }, { kind: 'done' }]);
    expect(
      system.requests.filter((r) => r.op.startsWith('create') || r.op.startsWith('update')),
    ).toHaveLength(1);
    expect(system.byConcordId('customer', customer.id)?.data['name']).toBe('v3');
    const outcomes = outcomesIn(outputs, harness.topics.outcome);
    expect(outcomes.map((o) => [o.data.entityVersion, o.data.status])).toEqual([[3, 'synced']]);
  });

  it('returns the outcomes for the runner to produce, and sends none itself', async () => {
    const { harness, settings, customerEvent, onCustomerTopic } = setup();
    await harness.connect(settings);

    const { outputs } = await harness.batchHandler.handle(
      consumedBatch([onCustomerTopic(customerEvent(1, 'Ada', 'created'))]),
    );

    expect(outcomesIn(outputs, harness.topics.outcome)).toHaveLength(1);
    expect(harness.sender.on(harness.topics.outcome)).toEqual([]);
    // The link is kept at once (before the outcome that says it was written).
    expect(harness.sender.on(harness.topics.state)).toHaveLength(1);
  });

  it('writes a customer before the invoice that references it, even when consumed after it', async () => {
    const { system, harness, settings, customer, customerEvent, onCustomerTopic } = setup();
    await harness.connect(settings);
    const invoice = aCatalogEvent('invoice', {
      operation: 'created',
      entity: anInvoice({ tenantId: settings.tenant, customerId: customer.id }),
    });

    const { dispositions } = await harness.batchHandler.handle(
      consumedBatch([
        consumed(harness.topics.catalog.invoice, invoice),
        onCustomerTopic(customerEvent(1, 'Ada', 'created')),
      ]),
    );

    expect(dispositions).toEqual([{ kind: 'done' }, { kind: 'done' }]);
    expect(system.creates('customer')).toBe(1);
    expect(system.creates('invoice')).toBe(1);
    const creates = system.requests.filter((r) => r.op.startsWith('create-')).map((r) => r.op);
    expect(creates).toEqual(['create-customer', 'create-invoice']);
  });

  it('turns failures into per-message dispositions: retry with its delay, dead letter with its reason', async () => {
    const { system, harness, settings, onCustomerTopic } = setup();
    await harness.connect(settings);
    const event = (name: string) =>
      aCatalogEvent('customer', {
        operation: 'created',
        entity: aCustomer({ tenantId: settings.tenant, name }),
      }) as CatalogEvent;
    system.failNext('unavailable', 'invalid');

    const { dispositions, outputs } = await harness.batchHandler.handle(
      consumedBatch([
        onCustomerTopic(event('unlucky')),
        onCustomerTopic(event('invalid')),
        onCustomerTopic(event('fine')),
      ]),
    );

    expect(dispositions[0]).toMatchObject({
      kind: 'retry',
      delayMs: expect.any(Number),
      error: { code: 'UPSTREAM_UNAVAILABLE' },
    });
    expect(dispositions[1]).toMatchObject({
      kind: 'dead-letter',
      error: { code: 'REJECTED_BY_UPSTREAM' },
    });
    expect(dispositions[2]).toEqual({ kind: 'done' });
    const statuses = outcomesIn(outputs, harness.topics.outcome).map((o) => o.data.status);
    expect(statuses).toEqual(['failed', 'synced']);
  });

  it('parks the messages of a paused connection in the batch outputs', async () => {
    const { system, harness, settings, customerEvent, onCustomerTopic } = setup();
    await harness.connect({ ...settings, paused: true, pausedReason: 'operator' });

    const { dispositions, outputs } = await harness.batchHandler.handle(
      consumedBatch([onCustomerTopic(customerEvent(1, 'Ada', 'created'))]),
    );

    expect(dispositions).toEqual([{ kind: 'done' }]);
    expect(system.requests).toEqual([]);
    expect(outputs.filter((o) => o.topic === harness.topics.retry)).toHaveLength(1);
    expect(harness.sender.on(harness.topics.retry)).toEqual([]);
  });

  it('dead-letters what is not a catalog event, and handles the rest of the batch', async () => {
    const { harness, settings, customerEvent, onCustomerTopic } = setup();
    await harness.connect(settings);
    const batch = consumedBatch([
      { ...onCustomerTopic(customerEvent(1, 'x', 'created')), value: Buffer.from('not json') },
      onCustomerTopic(customerEvent(1, 'Ada', 'created')),
    ]);

    const { dispositions } = await harness.batchHandler.handle(batch);

    expect(dispositions[0]).toMatchObject({
      kind: 'dead-letter',
      error: { category: 'validation' },
    });
    expect(dispositions[1]).toEqual({ kind: 'done' });
  });
});
