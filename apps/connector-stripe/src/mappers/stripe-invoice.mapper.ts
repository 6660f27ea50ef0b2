import { type EntityMapper, type EntityRef, fieldMappingsOf } from '@concord/connector-kit';
import type { InboundInvoiceContent, InvoiceContent, InvoiceStatus } from '@concord/model';

import type { Invoice2023, InvoiceLine2023 } from '../stripe/stripe-wire.types';
import { canonicalMetadata, catalogIdOf, idOf, isoDateOf, unixOfIsoDate } from './concord-metadata';
import { metadataFromStripe, metadataToStripe } from './stripe-field-mappings';

/** One invoice line as written to Stripe (an invoice item). */
export interface StripeInvoiceLinePayload {
  /** The catalog line id, kept in the item's metadata to match lines on update. */
  lineId: string;
  productExternalId: string | null;
  /** The product's current Stripe price, used when its amount is the line's unit amount. */
  priceId: string | null;
  description: string;
  quantity: number;
  unitAmount: number;
}

/** What the outbound adapter writes for an invoice. */
export interface StripeInvoicePayload {
  customer: string;
  currency: string;
  dueDate: number | null;
  status: InvoiceStatus;
  metadata: Record<string, string>;
  lines: StripeInvoiceLinePayload[];
}

/** Canonical invoice facts Stripe has no field for, kept in the invoice's metadata. */
export const NUMBER_KEY = 'concord_number';
export const ISSUE_DATE_KEY = 'concord_issue_date';
/** The product of an invoice item billed by amount (no price), in the item's metadata. */
export const LINE_ID_KEY = 'concord_line_id';
export const LINE_PRODUCT_KEY = 'concord_product';

function lineOf(line: InvoiceLine2023): NonNullable<InboundInvoiceContent['lines']>[number] {
  const quantity = Math.max(1, line.quantity ?? 1);
  const price = line.price ?? null;
  const unitAmount = price?.unit_amount ?? Math.round(line.amount / quantity);
  return {
    externalId: line.id,
    productExternalId: idOf(price?.product) ?? line.metadata?.[LINE_PRODUCT_KEY] ?? null,
    description: (line.description ?? '').slice(0, 500),
    quantity,
    unitAmount,
    amount: line.amount,
  };
}

/** Invoice <-> Stripe invoice with its invoice items; customer and products by external id. */
export const stripeInvoiceMapper: EntityMapper<'invoice', StripeInvoicePayload> = {
  toExternal(content: InvoiceContent, { links, connection }): StripeInvoicePayload {
    return {
      customer: links.externalId('customer', content.customerId) ?? '',
      currency: content.currency.toLowerCase(),
      dueDate: content.dueDate ? unixOfIsoDate(content.dueDate) : null,
      status: content.status,
      metadata: {
        ...metadataToStripe(content.metadata, fieldMappingsOf(connection, 'invoice')),
        [NUMBER_KEY]: content.number,
        [ISSUE_DATE_KEY]: content.issueDate,
      },
      lines: content.lines.map((line) => ({
        lineId: line.id,
        productExternalId: line.productId ? links.externalId('product', line.productId) : null,
        priceId: line.productId ? links.externalId('product', line.productId, 'price') : null,
        description: line.description,
        quantity: line.quantity,
        unitAmount: line.unitAmount,
      })),
    };
  },

  toCanonical(external, { connection }) {
    const invoice = external as Invoice2023 | { id: string; deleted: true };
    if ('deleted' in invoice && invoice.deleted) {
      return {
        externalId: invoice.id,
        deleted: true,
        content: {},
        changedAt: null,
        externalVersion: null,
      };
    }
    const live = invoice as Invoice2023;
    const metadata = live.metadata ?? {};
    const content: InboundInvoiceContent = {
      status: live.status ?? 'draft',
      currency: live.currency.toUpperCase(),
      issueDate: metadata[ISSUE_DATE_KEY] ?? isoDateOf(live.created),
      dueDate: live.due_date ? isoDateOf(live.due_date) : null,
      lines: live.lines.data.map(lineOf),
      subtotal: live.subtotal,
      total: live.total,
      metadata: metadataFromStripe(
        canonicalMetadata(metadata),
        fieldMappingsOf(connection, 'invoice'),
      ),
    };
    const customer = idOf(live.customer);
    if (customer) content.customerExternalId = customer;
    const number = metadata[NUMBER_KEY] ?? live.number;
    if (number) content.number = number.slice(0, 64);
    const changedAt = new Date(live.created * 1000).toISOString();
    return {
      externalId: live.id,
      deleted: false,
      content,
      changedAt,
      externalVersion: null,
      catalogId: catalogIdOf(live.metadata),
    };
  },

  dependencies(content: InvoiceContent): EntityRef[] {
    const products = [
      ...new Set(content.lines.flatMap((line) => (line.productId ? [line.productId] : []))),
    ];
    return [
      { entityType: 'customer', entityId: content.customerId },
      ...products.map((entityId) => ({ entityType: 'product' as const, entityId })),
    ];
  },
};
