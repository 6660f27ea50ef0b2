import { randomUUID } from 'node:crypto';

import type { BatchItem, BatchItemResult, WriteBatch } from '@concord/connector-kit';
import { RateLimitedError, ValidationError } from '@concord/errors';
import type { EntityType } from '@concord/model';
import type { RunningListener } from '@concord/simulators/core';
import type { Contact, Invoice, Item, Payment, XeroClient } from 'xero-node';

import {
  type RecordingXeroSimulator,
  startRecordingXeroSimulator,
} from '../../test/recording-xero-simulator';
import { xeroConnection, xeroContext } from '../../test/xero-test-connection';
import { xeroBatchWriter } from './xero-batch-writer';

describe('Xero deletes in batches, xero-node against the Xero simulator', () => {
  let sim: RecordingXeroSimulator;
  let listener: RunningListener;
  const writer = xeroBatchWriter();
  let organisation: string;

  const context = () => xeroContext(xeroConnection(listener.url, organisation));
  const api = (): XeroClient['accountingApi'] => context().client.api;
  const apiCalls = () => sim.apiCalls();
  const control = (path: string, body: unknown) =>
    fetch(`${listener.url}/_control/${path}`, { method: 'POST', body: JSON.stringify(body) });

  function deleteBatch(
    entityType: EntityType,
    externalIds: string[],
    ctx = context(),
  ): Promise<BatchItemResult[]> {
    const items: Array<BatchItem<EntityType, unknown>> = externalIds.map((externalId) => ({
      entityId: randomUUID(),
      mapped: null,
      content: {} as never,
      existing: { externalId, parts: {} },
      idempotencyKey: `concord-${randomUUID()}`,
      changedFields: null,
      catalogChangedAt: new Date().toISOString(),
    }));
    const batch = { entityType, operation: 'delete', items } as unknown as WriteBatch<never, never>;
    return writer.writeBatch(batch, ctx);
  }

  async function contacts(count: number): Promise<string[]> {
    const created = Array.from({ length: count }, (_, i) => ({ name: `Leaving ${i}` }) as Contact);
    const { body } = await api().createContacts(organisation, { contacts: created });
    return (body.contacts ?? []).map((contact) => String(contact.contactID));
  }

  async function invoice(status: 'DRAFT' | 'SUBMITTED' | 'AUTHORISED'): Promise<string> {
    const { body: buyer } = await api().createContacts(organisation, {
      contacts: [{ name: `Buyer ${randomUUID()}` } as Contact],
    });
    const contactId = String(buyer.contacts?.[0]?.contactID);
    const written = {
      type: 'ACCREC',
      contact: { contactID: contactId },
      status,
      lineAmountTypes: 'NoTax',
      lineItems: [{ description: 'Work', quantity: 1, unitAmount: 100, accountCode: '200' }],
    } as unknown as Invoice;
    const { body } = await api().createInvoices(organisation, { invoices: [written] });
    return String(body.invoices?.[0]?.invoiceID);
  }

  const pay = (invoiceID: string, amount: number) =>
    api().createPayment(organisation, {
      invoice: { invoiceID },
      account: { code: '090' },
      amount,
    } as Payment);

  const statusOf = async (invoiceId: string): Promise<string> =>
    String((await api().getInvoice(organisation, invoiceId)).body.invoices?.[0]?.status);

  beforeAll(async () => {
    sim = await startRecordingXeroSimulator(17);
    listener = sim.listener;
  });

  afterAll(() => sim.close());

  beforeEach(() => {
    organisation = randomUUID();
  });

  it('archives 30 contacts in one keyed POST /Contacts; one already gone counts as deleted', async () => {
    const ids = await contacts(30);
    sim.seen.length = 0;
    const ctx = context();

    const results = await deleteBatch('customer', [...ids, randomUUID()], ctx);

    expect(apiCalls()).toEqual([
      expect.objectContaining({ method: 'POST', records: 31, idempotencyKey: ctx.keys[0] }),
    ]);
    expect(apiCalls()[0]?.url).toMatch(/^\/api\.xro\/2\.0\/Contacts\?summarizeErrors=false/);
    expect(results.map((r) => r.status)).toEqual(Array(31).fill('written'));
    const { body } = await api().getContacts(organisation, undefined, undefined, undefined, ids);
    expect(body.contacts?.map((c) => String(c.contactStatus))).toEqual(Array(30).fill('ARCHIVED'));
  });

  it('deletes drafts, voids approved invoices and refuses paid ones for good, in two calls', async () => {
    const draft = await invoice('DRAFT');
    const submitted = await invoice('SUBMITTED');
    const approved = await invoice('AUTHORISED');
    const paid = await invoice('AUTHORISED');
    await pay(paid, 100);
    const partPaid = await invoice('AUTHORISED');
    await pay(partPaid, 40);
    const voided = await invoice('AUTHORISED');
    await api().updateInvoice(organisation, voided, {
      invoices: [{ invoiceID: voided, status: 'VOIDED' } as unknown as Invoice],
    });
    sim.seen.length = 0;
    const ids = [draft, submitted, approved, paid, partPaid, voided, randomUUID()];

    const results = await deleteBatch('invoice', ids);

    expect(apiCalls().map((c) => `${c.method} ${c.records}`)).toEqual(['GET 0', 'POST 3']);
    expect(results.map((r) => r.status)).toEqual([
      'written',
      'written',
      'written',
      'permanent',
      'permanent',
      'written',
      'written',
    ]);
    for (const refused of [results[3], results[4]]) {
      const error = refused?.status === 'permanent' ? refused.error : null;
      expect(error).toBeInstanceOf(ValidationError);
      expect(error?.message).toMatch(/has payments applied and cannot be voided/);
    }
    expect(await statusOf(draft)).toBe('DELETED');
    expect(await statusOf(submitted)).toBe('DELETED');
    expect(await statusOf(approved)).toBe('VOIDED');
    expect(await statusOf(paid)).toBe('PAID');
    expect(await statusOf(partPaid)).toBe('AUTHORISED');
  });

  it('deletes Items one DELETE /Items/{id} each (Xero has no batch delete for items)', async () => {
    const items = ['A', 'B', 'C'].map((code) => ({ code, name: `Item ${code}` }) as Item);
    const { body } = await api().createItems(organisation, { items });
    const ids = (body.items ?? []).map((item) => String(item.itemID));
    sim.seen.length = 0;

    const results = await deleteBatch('product', [...ids, randomUUID()]);

    expect(apiCalls().map((c) => c.method)).toEqual(['DELETE', 'DELETE', 'DELETE', 'DELETE']);
    expect(results.map((r) => r.status)).toEqual(Array(4).fill('written'));
    expect((await api().getItems(organisation)).body.items ?? []).toEqual([]);
  });

  it('fails every record of a refused call as retryable (429 with its Retry-After)', async () => {
    const ids = await contacts(3);
    await control('limits', { enabled: true, perMinute: 1 });
    try {
      // The minute's one call went on creating the contacts.
      const results = await deleteBatch('customer', ids);
      expect(results.map((r) => r.status)).toEqual(['retryable', 'retryable', 'retryable']);
      const [first] = results;
      expect(first?.status === 'retryable' && first.error).toBeInstanceOf(RateLimitedError);
    } finally {
      await control('limits', { enabled: false, perMinute: 60 });
    }
  });
});
