import { randomUUID } from 'node:crypto';

import type { BatchItem, BatchItemResult, WriteBatch } from '@concord/connector-kit';
import type { CustomerContent, EntityType, InvoiceContent, ProductContent } from '@concord/model';
import { listenSimulator, type RunningListener } from '@concord/simulators/core';
import { createXeroSimulator, type XeroSimulator } from '@concord/simulators/xero';

import { TestLinks, xeroConnection, xeroContext } from '../../test/xero-test-connection';
import { xeroContactMapper } from '../mappers/xero-contact.mapper';
import { xeroInvoiceMapper } from '../mappers/xero-invoice.mapper';
import { xeroItemMapper } from '../mappers/xero-item.mapper';
import { xeroBatchWriter } from './xero-batch-writer';

/**
 * The kit's batch combiner (`lingerMs`) merges the records of several partitions into one call
 * whose Idempotency-Key covers that call only: a redelivery may merge them differently, so every
 * call gets a key Xero has not seen. These records are written twice, composed differently each
 * time and with no link recorded in between (the first results lost), and Xero still holds each
 * record once, with the same id: a create Xero already holds is POSTed keyed by its natural key.
 */
describe('Xero batch writer, the same records redelivered in differently merged batches', () => {
  let simulator: XeroSimulator;
  let listener: RunningListener;
  const writer = xeroBatchWriter();
  let organisation: string;
  let links: TestLinks;

  const context = () => xeroContext(xeroConnection(listener.url, organisation), { links });
  const mappers = {
    customer: xeroContactMapper,
    product: xeroItemMapper,
    invoice: xeroInvoiceMapper,
  };

  /** One catalog record as the kit hands it in, mapped anew on every delivery, with no link. */
  function delivery<E extends EntityType>(
    entityType: E,
    entityId: string,
    content: BatchItem<E, unknown>['content'],
  ): BatchItem<E, unknown> {
    const toExternal = mappers[entityType].toExternal as (c: unknown, x: unknown) => unknown;
    return {
      entityId,
      mapped: toExternal(content, context()),
      content,
      existing: null,
      idempotencyKey: `concord-${randomUUID()}`,
      changedFields: null,
      catalogChangedAt: new Date().toISOString(),
    };
  }

  /** Writes the records in the given compositions (indexes), each call with its own key. */
  async function writeComposed<E extends EntityType>(
    entityType: E,
    records: ReadonlyArray<[string, BatchItem<E, unknown>['content']]>,
    compositions: number[][],
  ): Promise<Map<string, BatchItemResult>> {
    const byEntity = new Map<string, BatchItemResult>();
    const keys = new Set<string>();
    await Promise.all(
      compositions.map(async (indexes) => {
        const items = indexes.map((i) => delivery(entityType, ...(records[i] as [string, never])));
        const ctx = context();
        const batch = { entityType, operation: 'upsert', items } as unknown as WriteBatch<E, never>;
        const results = await writer.writeBatch(batch, ctx);
        for (const key of ctx.keys) keys.add(key);
        results.forEach((result, i) => byEntity.set(items[i]?.entityId ?? '', result));
      }),
    );
    expect(keys.size).toBeGreaterThanOrEqual(compositions.length);
    return byEntity;
  }

  function externalIds(results: Map<string, BatchItemResult>): Record<string, string> {
    return Object.fromEntries(
      [...results].map(([entityId, result]) => {
        if (result.status !== 'written') throw new Error(`not written: ${JSON.stringify(result)}`);
        return [entityId, result.externalId];
      }),
    );
  }

  beforeAll(async () => {
    simulator = createXeroSimulator({ seed: 17 });
    listener = await listenSimulator(simulator.handler);
  });

  afterAll(async () => {
    await listener.close();
    simulator.close();
  });

  beforeEach(() => {
    organisation = randomUUID();
    links = new TestLinks();
  });

  const customer = (name: string): CustomerContent => ({
    name,
    email: null,
    phone: null,
    address: null,
    currency: null,
    metadata: {},
  });

  it('holds each contact once, by its catalog id as ContactNumber', async () => {
    const records = Array.from(
      { length: 6 },
      (_, i) => [randomUUID(), customer(`Redelivered Customer ${i}`)] as [string, CustomerContent],
    );

    const first = externalIds(
      await writeComposed('customer', records, [
        [0, 1, 2],
        [3, 4, 5],
      ]),
    );
    const again = externalIds(
      await writeComposed('customer', records, [
        [1, 3],
        [0, 2, 4, 5],
      ]),
    );

    expect(again).toEqual(first);
    const { body } = await context().client.api.getContacts(organisation);
    expect(body.contacts?.map((c) => c.contactNumber).sort()).toEqual(
      records.map(([id]) => id).sort(),
    );
  });

  it('holds each item once, by its Item Code', async () => {
    const product = (sku: string): ProductContent => ({
      name: `Product ${sku}`,
      description: null,
      sku,
      active: true,
      unitPrice: { amount: 1000, currency: 'GBP' },
    });
    const records = ['R-1', 'R-2', 'R-3', 'R-4'].map(
      (sku) => [randomUUID(), product(sku)] as [string, ProductContent],
    );

    const first = externalIds(
      await writeComposed('product', records, [
        [0, 1],
        [2, 3],
      ]),
    );
    const again = externalIds(await writeComposed('product', records, [[3], [2, 0, 1]]));

    expect(again).toEqual(first);
    const { body } = await context().client.api.getItems(organisation);
    expect(body.items?.map((i) => i.code).sort()).toEqual(['R-1', 'R-2', 'R-3', 'R-4']);
  });

  it('holds each invoice once, by its InvoiceNumber, a void one left void', async () => {
    const contact = await writeComposed('customer', [['cust-1', customer('Invoiced')]], [[0]]);
    links.set('customer', 'cust-1', externalIds(contact)['cust-1'] ?? '');
    const invoice = (number: string, status: InvoiceContent['status']): InvoiceContent => ({
      customerId: 'cust-1',
      number,
      status,
      currency: 'GBP',
      issueDate: '2024-05-01',
      dueDate: '2024-05-31',
      lines: [
        {
          id: randomUUID(),
          productId: null,
          description: 'Work',
          quantity: 1,
          unitAmount: 1500,
          amount: 1500,
        },
      ],
      subtotal: 1500,
      total: 1500,
      metadata: {},
    });
    const records: Array<[string, InvoiceContent]> = [
      [randomUUID(), invoice('RD-1', 'open')],
      [randomUUID(), invoice('RD-2', 'draft')],
      [randomUUID(), invoice('RD-3', 'void')],
      [randomUUID(), invoice('RD-4', 'open')],
    ];

    const first = externalIds(
      await writeComposed('invoice', records, [
        [0, 1],
        [2, 3],
      ]),
    );
    const again = externalIds(await writeComposed('invoice', records, [[3, 2], [1], [0]]));

    expect(again).toEqual(first);
    const { body } = await context().client.api.getInvoices(organisation);
    const statuses = Object.fromEntries(
      (body.invoices ?? []).map((i) => [i.invoiceNumber, String(i.status)]),
    );
    expect(statuses).toEqual({
      'RD-1': 'AUTHORISED',
      'RD-2': 'DRAFT',
      'RD-3': 'VOIDED',
      'RD-4': 'AUTHORISED',
    });
  });
});
