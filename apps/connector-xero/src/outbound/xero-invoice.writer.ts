import type { ExternalCallContext, UpsertContext, UpsertResult } from '@concord/connector-kit';
import { ConnectorKitErrorCode } from '@concord/connector-kit';
import { NotFoundError, RetryableError } from '@concord/errors';
import type { Invoice } from 'xero-node';

import type {
  XeroInvoicePayload,
  XeroInvoiceStatus,
  XeroInvoiceWrite,
} from '../mappers/xero-invoice.mapper';
import { fromXeroAmount } from '../xero/xero-amounts';
import type { XeroConnectionClient } from '../xero/xero-client.factory';
import { isoInstantOfXeroDate } from '../xero/xero-dates';
import { writtenRecord } from './xero-written-record';

type Ctx = ExternalCallContext<XeroConnectionClient>;
type WrittenInvoice = XeroInvoicePayload & { invoiceID?: string };

const asInvoices = (invoice: Partial<XeroInvoicePayload>): { invoices: Invoice[] } => ({
  invoices: [invoice as unknown as Invoice],
});

/** The invoice as Xero holds it now, or null when it is gone. */
export async function readXeroInvoice(invoiceId: string, ctx: Ctx): Promise<WrittenInvoice | null> {
  try {
    const { body } = await ctx.call('read-invoice', () =>
      ctx.client.api.getInvoice(ctx.client.tenantId, invoiceId),
    );
    return (body.invoices?.[0] as unknown as WrittenInvoice | undefined) ?? null;
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}

async function post(
  step: string,
  invoice: Partial<XeroInvoicePayload>,
  ctx: Ctx,
): Promise<WrittenInvoice> {
  return ctx.call(step, async (key) => {
    const { body } = await ctx.client.api.updateOrCreateInvoices(
      ctx.client.tenantId,
      asInvoices(invoice),
      false,
      undefined,
      key,
    );
    return writtenRecord(body.invoices, 'invoice') as unknown as WrittenInvoice;
  });
}

/** Xero voids only approved invoices: a draft is approved first, then voided. */
async function voidInvoice(invoiceId: string, ctx: Ctx): Promise<WrittenInvoice | null> {
  const current = await readXeroInvoice(invoiceId, ctx);
  if (!current) return null;
  const status = String(current.status) as XeroInvoiceStatus;
  if (status === 'VOIDED' || status === 'DELETED' || status === 'PAID') return current;
  if (status === 'DRAFT' || status === 'SUBMITTED') {
    await post('approve-invoice', { invoiceID: invoiceId, status: 'AUTHORISED' }, ctx);
  }
  return post('void-invoice', { invoiceID: invoiceId, status: 'VOIDED' }, ctx);
}

/**
 * Invoices as ACCREC Invoices with their line items: PUT creates, POST (by InvoiceID) updates, with
 * the Idempotency-Key and `summarizeErrors=false`. Xero cannot create a voided invoice nor void a
 * draft: such writes approve first. Xero's Total is compared with the catalog's after each write
 * (a difference is logged: recording it as a conflict is not built yet).
 */
export const xeroInvoiceWriter = {
  async upsert(
    entityId: string,
    mapped: XeroInvoiceWrite,
    ctx: UpsertContext<XeroConnectionClient>,
  ): Promise<UpsertResult> {
    if (!mapped.invoice.contact.contactID) {
      throw new RetryableError(
        ConnectorKitErrorCode.DEPENDENCY_NOT_READY,
        'The invoice customer has no Xero contact yet',
      );
    }
    const wantsVoid = mapped.invoice.status === 'VOIDED';
    let invoice: WrittenInvoice | null;
    if (ctx.existingExternalId) {
      invoice = wantsVoid
        ? await voidInvoice(ctx.existingExternalId, ctx)
        : await post(
            'update-invoice',
            { ...mapped.invoice, invoiceID: ctx.existingExternalId },
            ctx,
          );
    } else {
      const body = { ...mapped.invoice, status: wantsVoid ? 'AUTHORISED' : mapped.invoice.status };
      invoice = await ctx.call('create-invoice', async (key) => {
        const { body: answer } = await ctx.client.api.createInvoices(
          ctx.client.tenantId,
          asInvoices(body as XeroInvoicePayload),
          false,
          undefined,
          key,
        );
        return writtenRecord(answer.invoices, 'invoice') as unknown as WrittenInvoice;
      });
      if (wantsVoid && invoice.invoiceID) {
        invoice = await post(
          'void-invoice',
          { invoiceID: invoice.invoiceID, status: 'VOIDED' },
          ctx,
        );
      }
    }
    if (!invoice?.invoiceID) {
      throw new NotFoundError('UPSTREAM_NOT_FOUND', `Xero invoice of ${entityId} is gone`);
    }
    if (typeof invoice.total === 'number') {
      const total = fromXeroAmount(invoice.total, mapped.invoice.currencyCode);
      if (total !== mapped.expectedTotal) {
        ctx.log.warn(
          { invoiceId: invoice.invoiceID, xeroTotal: total, catalogTotal: mapped.expectedTotal },
          "Xero's invoice total differs from the catalog's",
        );
      }
    }
    return {
      externalId: invoice.invoiceID,
      externalVersion: isoInstantOfXeroDate(invoice.updatedDateUTC),
    };
  },
};
