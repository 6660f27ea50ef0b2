import type { ExternalCallContext, InboundChangeDraft } from '@concord/connector-kit';
import type { EntityType } from '@concord/model';

import { xeroContactMapper } from '../mappers/xero-contact.mapper';
import type { XeroInvoicePayload } from '../mappers/xero-invoice.mapper';
import { xeroInvoiceMapper } from '../mappers/xero-invoice.mapper';
import { xeroItemMapper } from '../mappers/xero-item.mapper';
import type { XeroConnectionClient } from '../xero/xero-client.factory';

type Ctx = ExternalCallContext<XeroConnectionClient>;

/** Xero takes this many ids in one `IDs=` read. */
export const IDS_PER_READ = 50;

export function chunks<T>(values: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}

/**
 * Names each invoice line's Item by its ItemID (Xero names it by code; the catalog knows Items by
 * id): one `GET /Items` (never paged) when any line has an item code.
 */
export async function withLineItemIds(
  invoices: XeroInvoicePayload[],
  ctx: Ctx,
): Promise<XeroInvoicePayload[]> {
  const coded = invoices.some((invoice) =>
    (invoice.lineItems ?? []).some((line) => line.itemCode && !line.item?.itemID),
  );
  if (!coded) return invoices;
  const { body } = await ctx.call('list-items-for-lines', () =>
    ctx.client.api.getItems(ctx.client.tenantId),
  );
  const idByCode = new Map(
    (body.items ?? []).map((item) => [item.code.toLowerCase(), item.itemID ?? '']),
  );
  return invoices.map((invoice) => ({
    ...invoice,
    lineItems: (invoice.lineItems ?? []).map((line) => {
      const itemID = line.itemCode ? idByCode.get(line.itemCode.toLowerCase()) : undefined;
      return itemID ? { ...line, item: { itemID, code: line.itemCode } } : line;
    }),
  }));
}

/** Contacts by id, archived included, in reads of up to 50 ids. */
export async function contactsByIds(ids: readonly string[], ctx: Ctx): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const batch of chunks(ids, IDS_PER_READ)) {
    const { body } = await ctx.call('read-contacts', () =>
      ctx.client.api.getContacts(ctx.client.tenantId, undefined, undefined, undefined, batch),
    );
    out.push(...(body.contacts ?? []));
  }
  return out;
}

/** Invoices by id with their line items (a paged read; unpaged lists leave lines out). */
export async function invoicesByIds(ids: readonly string[], ctx: Ctx): Promise<unknown[]> {
  const out: XeroInvoicePayload[] = [];
  for (const batch of chunks(ids, IDS_PER_READ)) {
    const { body } = await ctx.call('read-invoices', () =>
      ctx.client.api.getInvoices(
        ctx.client.tenantId,
        undefined,
        undefined,
        undefined,
        batch,
        undefined,
        undefined,
        undefined,
        1,
      ),
    );
    out.push(...((body.invoices ?? []) as unknown as XeroInvoicePayload[]));
  }
  return withLineItemIds(out, ctx);
}

const mappers = {
  customer: xeroContactMapper,
  product: xeroItemMapper,
  invoice: xeroInvoiceMapper,
} as const;

/** A Xero record as it is now, as the change the catalog receives. */
export function draftOf(entityType: EntityType, record: unknown, ctx: Ctx): InboundChangeDraft {
  const canonical = mappers[entityType].toCanonical(record, {
    links: ctx.links,
    connection: ctx.connection,
  });
  const changedAt = canonical.changedAt ?? new Date().toISOString();
  return {
    entityType,
    externalId: canonical.externalId,
    operation: canonical.deleted ? 'delete' : 'upsert',
    sourceEventId: `xero:${entityType}:${canonical.externalId}:${changedAt}`,
    changedAt,
    externalVersion: canonical.externalVersion,
    content: canonical.deleted ? null : canonical.content,
    catalogId: canonical.catalogId,
  } as InboundChangeDraft;
}
