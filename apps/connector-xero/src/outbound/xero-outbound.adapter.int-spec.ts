import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { UpsertContext } from '@concord/connector-kit';
import { RateLimitedError, ValidationError } from '@concord/errors';
import type { CustomerContent, InvoiceContent, ProductContent } from '@concord/model';
import { listenSimulator, type RunningListener } from '@concord/simulators/core';
import { createXeroSimulator, type XeroSimulator } from '@concord/simulators/xero';

import { TestLinks, xeroConnection, xeroContext } from '../../test/xero-test-connection';
import { xeroContactMapper } from '../mappers/xero-contact.mapper';
import { xeroInvoiceMapper } from '../mappers/xero-invoice.mapper';
import { xeroItemMapper } from '../mappers/xero-item.mapper';
import type { XeroConnectionClient } from '../xero/xero-client.factory';
import { xeroOutboundAdapter } from './xero-outbound.adapter';

interface SeenRequest {
  method: string;
  url: string;
  idempotencyKey: string | undefined;
}

type Ctx = UpsertContext<XeroConnectionClient> & { keys: string[]; calls: string[] };

const customer = (name: string): CustomerContent => ({
  name,
  email: `${name.toLowerCase().replace(/\W/g, '')}@example.com`,
  phone: null,
  address: null,
  currency: null,
  metadata: {},
});

describe('Xero outbound adapter, xero-node against the Xero simulator', () => {
  let simulator: XeroSimulator;
  let listener: RunningListener;
  const seen: SeenRequest[] = [];
  const adapter = xeroOutboundAdapter();
  let organisation: string;
  let links: TestLinks;

  const connection = (settings: Record<string, string> = {}) =>
    xeroConnection(listener.url, organisation, settings);
  const context = (existing: string | null = null, settings: Record<string, string> = {}): Ctx =>
    xeroContext(connection(settings), {
      links,
      existing: existing ? { externalId: existing, parts: {} } : null,
    });
  /** The context of a delete of `externalId` (the kit always hands deletes the link). */
  const deleting = (externalId: string, settings: Record<string, string> = {}) => {
    const ctx = context(externalId, settings);
    return { ...ctx, existing: { externalId, parts: {} } };
  };
  const control = (path: string, body: unknown) =>
    fetch(`${listener.url}/_control/${path}`, { method: 'POST', body: JSON.stringify(body) });

  beforeAll(async () => {
    simulator = createXeroSimulator({ seed: 15 });
    listener = await listenSimulator((req: IncomingMessage, res: ServerResponse) => {
      const key = req.headers['idempotency-key'];
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        idempotencyKey: typeof key === 'string' ? key : undefined,
      });
      simulator.handler(req, res);
    });
  });

  afterAll(async () => {
    await listener.close();
    simulator.close();
  });

  beforeEach(() => {
    // One organisation per test: any new tenant id is a fresh, empty organisation.
    organisation = randomUUID();
    links = new TestLinks();
    seen.length = 0;
  });

  async function createCustomer(name: string): Promise<string> {
    const ctx = context();
    const mapped = xeroContactMapper.toExternal(customer(name), ctx);
    const result = await adapter.upsert('customer', randomUUID(), mapped, {
      ...ctx,
      content: customer(name),
    });
    return result.externalId;
  }

  it('creates a contact with PUT and updates it with POST, keyed and with per-record errors', async () => {
    const entityId = randomUUID();
    const ctx = context();
    const content = customer('Ada Lovelace');
    const created = await adapter.upsert(
      'customer',
      entityId,
      xeroContactMapper.toExternal(content, ctx),
      { ...ctx, content },
    );
    const put = seen.find((r) => r.url.startsWith('/api.xro/2.0/Contacts'));
    expect(put).toMatchObject({ method: 'PUT', idempotencyKey: ctx.keys[0] });
    expect(put?.url).toContain('summarizeErrors=false');

    const renamed = { ...content, name: 'Ada King' };
    const update = context(created.externalId);
    const updated = await adapter.upsert(
      'customer',
      entityId,
      xeroContactMapper.toExternal(renamed, update),
      { ...update, content: renamed },
    );
    expect(updated.externalId).toBe(created.externalId);
    const post = seen.filter((r) => r.method === 'POST').at(-1);
    expect(post?.url).toContain('summarizeErrors=false');
    expect(post?.idempotencyKey).toBe(update.keys[0]);

    const { body } = await update.client.api.getContact(organisation, created.externalId);
    expect(body.contacts?.[0]).toMatchObject({ name: 'Ada King', contactNumber: entityId });
    // A lost link is found again by the catalog id (the ContactNumber).
    expect(await adapter.findByConcordId?.('customer', entityId, context())).toBe(
      created.externalId,
    );
    expect(await adapter.findByConcordId?.('customer', randomUUID(), context())).toBeNull();
    expect(
      await adapter.findByMatchingKey?.('customer', 'email', 'adalovelace@example.com', context()),
    ).toBe(created.externalId);
  });

  it('replays a create retried with the same key instead of making a second contact', async () => {
    const ctx = context();
    const content = customer('Grace Hopper');
    const mapped = xeroContactMapper.toExternal(content, ctx);
    const entityId = randomUUID();
    const first = await adapter.upsert('customer', entityId, mapped, { ...ctx, content });
    const again = await adapter.upsert('customer', entityId, mapped, { ...ctx, content });
    expect(again.externalId).toBe(first.externalId);
    const { body } = await ctx.client.api.getContacts(organisation);
    expect(body.contacts).toHaveLength(1);
  });

  it("turns Xero's per-record validation error into a permanent error naming the field", async () => {
    // A taken name is not one: it is written again disambiguated (xero-contact-names.int-spec.ts).
    const ctx = context();
    const content = customer('Bad Email');
    const mapped = { ...xeroContactMapper.toExternal(content, ctx), emailAddress: 'not-an-email' };
    const failure = await adapter
      .upsert('customer', randomUUID(), mapped, { ...ctx, content })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ValidationError);
    expect((failure as ValidationError).retryable).toBe(false);
    expect((failure as ValidationError).fields[0]?.field).toBe('EmailAddress');
  });

  it('archives a deleted customer', async () => {
    const externalId = await createCustomer('To Archive');
    const ctx = deleting(externalId);
    await adapter.delete('customer', externalId, ctx);
    const { body } = await ctx.client.api.getContact(organisation, externalId);
    expect(String(body.contacts?.[0]?.contactStatus)).toBe('ARCHIVED');
  });

  it('is rate-limited with Retry-After when Xero answers 429', async () => {
    await control('limits', { enabled: true, perMinute: 1 });
    try {
      await createCustomer('First Call');
      const failure = await createCustomer('Second Call').catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(RateLimitedError);
      expect((failure as RateLimitedError).retryAfterMs).toBeGreaterThan(0);
    } finally {
      await control('limits', { enabled: false, perMinute: 60 });
    }
  });

  it('writes a product as an Item coded by its SKU, updates and deletes it', async () => {
    const product: ProductContent = {
      name: 'Widget',
      description: 'A widget',
      sku: 'W-1',
      active: true,
      unitPrice: { amount: 1250, currency: 'GBP' },
    };
    const entityId = randomUUID();
    const ctx = context();
    const created = await adapter.upsert(
      'product',
      entityId,
      xeroItemMapper.toExternal(product, ctx),
      { ...ctx, content: product },
    );
    expect(created.parts).toEqual({ code: 'W-1' });
    const update = context(created.externalId);
    const dearer = { ...product, unitPrice: { amount: 1399, currency: 'GBP' } };
    await adapter.upsert('product', entityId, xeroItemMapper.toExternal(dearer, update), {
      ...update,
      content: dearer,
    });
    const { body } = await update.client.api.getItem(organisation, created.externalId);
    expect(body.items?.[0]).toMatchObject({ code: 'W-1', salesDetails: { unitPrice: 13.99 } });
    await adapter.delete('product', created.externalId, deleting(created.externalId));
    const { body: after } = await update.client.api.getItems(organisation);
    expect(after.items ?? []).toHaveLength(0);
  });

  it('writes a JPY invoice whose Xero total equals the catalog, then voids and deletes by status', async () => {
    const contactId = await createCustomer('Yamada');
    links.set('customer', 'cust-1', contactId);
    const product: ProductContent = {
      name: 'Tea',
      description: null,
      sku: 'TEA',
      active: true,
      unitPrice: { amount: 1500, currency: 'JPY' },
    };
    const productCtx = context();
    const item = await adapter.upsert(
      'product',
      'prod-1',
      xeroItemMapper.toExternal(product, productCtx),
      { ...productCtx, content: product },
    );
    links.set('product', 'prod-1', item.externalId);
    links.set('product', 'prod-1', 'TEA', 'code');
    const invoice: InvoiceContent = {
      customerId: 'cust-1',
      number: 'INV-JP-1',
      status: 'open',
      currency: 'JPY',
      issueDate: '2024-05-01',
      dueDate: '2024-05-31',
      lines: [
        {
          id: randomUUID(),
          productId: 'prod-1',
          description: 'Tea',
          quantity: 3,
          unitAmount: 1500,
          amount: 4500,
        },
      ],
      subtotal: 4500,
      total: 4500,
      metadata: {},
    };
    for (const taxType of ['NONE', 'OUTPUT2']) {
      const settings = { taxType };
      const number = `INV-JP-${taxType}`;
      const ctx = context(null, settings);
      const content = { ...invoice, number };
      const written = await adapter.upsert(
        'invoice',
        randomUUID(),
        xeroInvoiceMapper.toExternal(content, ctx),
        { ...ctx, content },
      );
      const { body } = await ctx.client.api.getInvoice(organisation, written.externalId);
      const stored = body.invoices?.[0];
      expect(stored).toMatchObject({ total: 4500, invoiceNumber: number });
      expect(String(stored?.status)).toBe('AUTHORISED');
      const back = xeroInvoiceMapper.toCanonical(
        {
          ...stored,
          lineItems: stored?.lineItems?.map((l) => ({ ...l, item: { itemID: item.externalId } })),
        },
        { links, connection: ctx.connection },
      );
      expect(back.content).toMatchObject({
        status: 'open',
        currency: 'JPY',
        issueDate: '2024-05-01',
        dueDate: '2024-05-31',
        subtotal: 4500,
        total: 4500,
        lines: [
          { quantity: 3, unitAmount: 1500, amount: 4500, productExternalId: item.externalId },
        ],
      });
      // An approved invoice is voided on delete.
      await adapter.delete('invoice', written.externalId, deleting(written.externalId, settings));
      const { body: voided } = await ctx.client.api.getInvoice(organisation, written.externalId);
      expect(String(voided.invoices?.[0]?.status)).toBe('VOIDED');
    }
    // A draft is deleted.
    const draftCtx = context();
    const draft = { ...invoice, number: 'INV-JP-DRAFT', status: 'draft' as const };
    const written = await adapter.upsert(
      'invoice',
      randomUUID(),
      xeroInvoiceMapper.toExternal(draft, draftCtx),
      { ...draftCtx, content: draft },
    );
    await adapter.delete('invoice', written.externalId, deleting(written.externalId));
    const { body } = await draftCtx.client.api.getInvoice(organisation, written.externalId);
    expect(String(body.invoices?.[0]?.status)).toBe('DELETED');
  });
});
