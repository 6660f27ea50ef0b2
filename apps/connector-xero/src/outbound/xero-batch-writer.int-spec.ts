import { randomUUID } from 'node:crypto';

import type { BatchItem, BatchItemResult, WriteBatch } from '@concord/connector-kit';
import { RateLimitedError, ValidationError } from '@concord/errors';
import type { CustomerContent, EntityType, InvoiceContent, ProductContent } from '@concord/model';
import type { RunningListener } from '@concord/simulators/core';

import {
  type RecordingXeroSimulator,
  startRecordingXeroSimulator,
} from '../../test/recording-xero-simulator';
import { TestLinks, xeroConnection, xeroContext } from '../../test/xero-test-connection';
import { xeroContactMapper } from '../mappers/xero-contact.mapper';
import { xeroInvoiceMapper } from '../mappers/xero-invoice.mapper';
import { xeroItemMapper } from '../mappers/xero-item.mapper';
import { xeroBatchWriter } from './xero-batch-writer';

const customer = (name: string): CustomerContent => ({
  name,
  email: `${name.toLowerCase().replace(/\W/g, '')}@example.com`,
  phone: null,
  address: null,
  currency: null,
  metadata: {},
});

const product = (sku: string): ProductContent => ({
  name: `Product ${sku}`,
  description: null,
  sku,
  active: true,
  unitPrice: { amount: 1000, currency: 'GBP' },
});

describe('Xero batch writer, xero-node against the Xero simulator', () => {
  let sim: RecordingXeroSimulator;
  let listener: RunningListener;
  const writer = xeroBatchWriter();
  let organisation: string;
  let links: TestLinks;

  const context = () => xeroContext(xeroConnection(listener.url, organisation), { links });
  const control = (path: string, body: unknown) =>
    fetch(`${listener.url}/_control/${path}`, { method: 'POST', body: JSON.stringify(body) });
  const apiCalls = () => sim.apiCalls();

  function item<E extends EntityType>(
    entityType: E,
    content: BatchItem<E, unknown>['content'],
    existing: string | null = null,
    entityId: string = randomUUID(),
  ): BatchItem<E, unknown> {
    const mapper = {
      customer: xeroContactMapper,
      product: xeroItemMapper,
      invoice: xeroInvoiceMapper,
    }[entityType];
    const ctx = context();
    return {
      entityId,
      mapped: (mapper.toExternal as (c: unknown, x: unknown) => unknown)(content, ctx),
      content,
      existing: existing ? { externalId: existing, parts: {} } : null,
      idempotencyKey: `concord-${randomUUID()}`,
      changedFields: null,
      catalogChangedAt: new Date().toISOString(),
    };
  }

  function write<E extends EntityType>(
    entityType: E,
    items: Array<BatchItem<E, unknown>>,
    ctx = context(),
  ): Promise<BatchItemResult[]> {
    const batch = { entityType, operation: 'upsert', items } as unknown as WriteBatch<E, never>;
    return writer.writeBatch(batch, ctx);
  }

  const externalIdOf = (result: BatchItemResult | undefined): string => {
    if (result?.status !== 'written') throw new Error(`not written: ${JSON.stringify(result)}`);
    return result.externalId;
  };

  beforeAll(async () => {
    sim = await startRecordingXeroSimulator(16);
    listener = sim.listener;
  });

  afterAll(() => sim.close());

  beforeEach(() => {
    organisation = randomUUID();
    links = new TestLinks();
    sim.seen.length = 0;
  });

  it('creates 50 contacts in one PUT, keyed, with a refused record failing alone', async () => {
    const names = Array.from({ length: 49 }, (_, i) => `Batch Customer ${i}`);
    const items = [...names.map((name) => customer(name)), customer('Bad Email')].map((content) =>
      item('customer', content),
    );
    (items[49]?.mapped as { emailAddress: string }).emailAddress = 'not-an-email';
    const ctx = context();

    const results = await write('customer', items, ctx);

    expect(apiCalls()).toEqual([
      expect.objectContaining({ method: 'PUT', records: 50, idempotencyKey: ctx.keys[0] }),
    ]);
    expect(apiCalls()[0]?.url).toContain('summarizeErrors=false');
    expect(results.slice(0, 49).every((r) => r.status === 'written')).toBe(true);
    const refused = results[49];
    expect(refused?.status).toBe('permanent');
    const error = refused?.status === 'permanent' ? refused.error : null;
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields[0]?.field).toBe('EmailAddress');
    const { body } = await ctx.client.api.getContacts(organisation);
    expect(body.contacts).toHaveLength(49);
    expect(body.contacts?.find((c) => c.contactID === externalIdOf(results[3]))).toMatchObject({
      name: 'Batch Customer 3',
      contactNumber: items[3]?.entityId,
    });
  });

  it('updates linked contacts and finds one Xero already holds by its catalog id, in two calls', async () => {
    const first = await write('customer', [
      item('customer', customer('Linked One')),
      item('customer', customer('Link Lost')),
    ]);
    const linkedId = externalIdOf(first[0]);
    const lostId = externalIdOf(first[1]);
    const lostEntityId = (await context().client.api.getContact(organisation, lostId)).body
      .contacts?.[0]?.contactNumber;
    sim.seen.length = 0;

    const results = await write('customer', [
      item('customer', customer('Linked One Renamed'), linkedId),
      item('customer', customer('Link Lost Renamed'), null, lostEntityId),
      item('customer', customer('Brand New')),
    ]);

    expect(apiCalls().map((r) => [r.method, r.records])).toEqual([
      ['PUT', 2],
      ['POST', 2],
    ]);
    expect(results.map(externalIdOf).slice(0, 2)).toEqual([linkedId, lostId]);
    const { body } = await context().client.api.getContacts(organisation);
    expect(body.contacts?.map((c) => c.name).sort()).toEqual([
      'Brand New',
      'Link Lost Renamed',
      'Linked One Renamed',
    ]);
  });

  it('writes items by code and invoices with their lines, waiting for a missing contact', async () => {
    const products = await write('product', [item('product', product('SKU-1'))]);
    expect(products[0]).toMatchObject({ status: 'written', parts: { code: 'SKU-1' } });
    const contacts = await write('customer', [item('customer', customer('Invoiced'))]);
    links.set('customer', 'cust-1', externalIdOf(contacts[0]));
    links.set('product', 'prod-1', externalIdOf(products[0]));
    links.set('product', 'prod-1', 'SKU-1', 'code');
    const invoice = (number: string, customerId = 'cust-1', status = 'open'): InvoiceContent => ({
      customerId,
      number,
      status: status as InvoiceContent['status'],
      currency: 'GBP',
      issueDate: '2024-05-01',
      dueDate: '2024-05-31',
      lines: [
        {
          id: randomUUID(),
          productId: 'prod-1',
          description: 'Thing',
          quantity: 2,
          unitAmount: 1000,
          amount: 2000,
        },
      ],
      subtotal: 2000,
      total: 2000,
      metadata: {},
    });
    sim.seen.length = 0;

    const results = await write('invoice', [
      item('invoice', invoice('INV-A')),
      item('invoice', invoice('INV-B', 'cust-unlinked')),
      item('invoice', invoice('INV-C', 'cust-1', 'void')),
    ]);

    expect(results[0]?.status).toBe('written');
    expect(results[1]).toMatchObject({
      status: 'retryable',
      error: { code: 'DEPENDENCY_NOT_READY' },
    });
    expect(apiCalls().map((r) => [r.method, r.records])).toEqual([
      ['PUT', 2],
      ['POST', 1],
    ]);
    const { body } = await context().client.api.getInvoices(organisation);
    const byNumber = new Map(body.invoices?.map((i) => [i.invoiceNumber, i]));
    expect(byNumber.get('INV-A')).toMatchObject({ total: 20 });
    expect(String(byNumber.get('INV-A')?.status)).toBe('AUTHORISED');
    expect(String(byNumber.get('INV-C')?.status)).toBe('VOIDED');
    expect(byNumber.has('INV-B')).toBe(false);
  });

  it('fails the whole call as rate-limited, with Retry-After, when Xero answers 429', async () => {
    await control('limits', { enabled: true, perMinute: 1 });
    try {
      await write('customer', [item('customer', customer('Uses The Minute'))]);
      const results = await write('customer', [
        item('customer', customer('Limited One')),
        item('customer', customer('Limited Two')),
      ]);
      for (const result of results) {
        expect(result.status).toBe('retryable');
        const error = result.status === 'retryable' ? result.error : null;
        expect(error).toBeInstanceOf(RateLimitedError);
        expect((error as RateLimitedError).retryAfterMs).toBeGreaterThan(0);
      }
    } finally {
      await control('limits', { enabled: false, perMinute: 60 });
    }
  });
});
