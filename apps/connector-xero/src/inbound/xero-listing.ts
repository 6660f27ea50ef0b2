import type { ExternalCallContext } from '@concord/connector-kit';
import type { EntityType } from '@concord/model';

import type { XeroInvoicePayload } from '../mappers/xero-invoice.mapper';
import type { XeroConnectionClient } from '../xero/xero-client.factory';
import { withLineItemIds } from './xero-records';

type Ctx = ExternalCallContext<XeroConnectionClient>;

/** Records per page of a paged Xero list (Xero's default; it allows up to 1000). */
export const PAGE_SIZE = 100;

async function contactsPage(page: number, since: Date | undefined, ctx: Ctx): Promise<unknown[]> {
  const { body } = await ctx.call('list-contacts', () =>
    ctx.client.api.getContacts(
      ctx.client.tenantId,
      since,
      undefined,
      'UpdatedDateUTC ASC',
      undefined,
      page,
      true,
      undefined,
      undefined,
      PAGE_SIZE,
    ),
  );
  return body.contacts ?? [];
}

async function invoicesPage(page: number, since: Date | undefined, ctx: Ctx): Promise<unknown[]> {
  const { body } = await ctx.call('list-invoices', () =>
    ctx.client.api.getInvoices(
      ctx.client.tenantId,
      since,
      'Type=="ACCREC"',
      'UpdatedDateUTC ASC',
      undefined,
      undefined,
      undefined,
      undefined,
      page,
      undefined,
      undefined,
      undefined,
      undefined,
      PAGE_SIZE,
    ),
  );
  return withLineItemIds((body.invoices ?? []) as unknown as XeroInvoicePayload[], ctx);
}

/**
 * Every Xero record of a type changed after `since` (all of them without it), page by page, every
 * page a call under the rate budget: contacts (archived included) and ACCREC invoices with their
 * lines in pages of 100; items in one call (Xero never pages them).
 */
export async function* listXero(
  entityType: EntityType,
  ctx: Ctx,
  since?: Date,
): AsyncGenerator<unknown> {
  if (entityType === 'product') {
    const { body } = await ctx.call('list-items', () =>
      ctx.client.api.getItems(ctx.client.tenantId, since),
    );
    yield* body.items ?? [];
    return;
  }
  const read = entityType === 'customer' ? contactsPage : invoicesPage;
  for (let page = 1; ; page += 1) {
    const records = await read(page, since, ctx);
    yield* records;
    if (records.length < PAGE_SIZE) return;
  }
}
