import { type Static, Type } from '@sinclair/typebox';

import { CurrencyCode, MinorUnits } from '../money/money.schema';
import { ExternalId, IsoDate, Metadata } from '../primitives/primitives.schema';
import { closed, described, Nullable } from '../primitives/schema-helpers';
import { CustomerContent } from '../records/customer.schema';
import { InvoiceStatus, LineDescription, LineQuantity } from '../records/invoice.schema';
import { ProductContent } from '../records/product.schema';

/** Upserts may carry only the fields the source reported; absent means "not reported". */
export const InboundCustomerContent = Type.Partial(CustomerContent, {
  description: 'Customer fields observed in the external system (any subset).',
});
export type InboundCustomerContent = Static<typeof InboundCustomerContent>;

export const InboundProductContent = Type.Partial(ProductContent, {
  description: 'Product fields observed in the external system (any subset).',
});
export type InboundProductContent = Static<typeof InboundProductContent>;

export const InboundInvoiceLine = Type.Object(
  {
    externalId: Type.Optional(Nullable(ExternalId, 'Id of the line in the external system.')),
    productExternalId: Nullable(ExternalId, 'External id of the product billed, if any.'),
    description: LineDescription,
    quantity: LineQuantity,
    unitAmount: described(MinorUnits, 'Price of one unit in minor units.'),
    amount: described(MinorUnits, 'Line amount in minor units.'),
  },
  { ...closed, description: 'An invoice line as seen externally; the product is an external id.' },
);
export type InboundInvoiceLine = Static<typeof InboundInvoiceLine>;

/**
 * Invoice fields observed externally. References are external ids (customerExternalId,
 * lines[].productExternalId): the catalog resolves them through its identity map.
 */
export const InboundInvoiceContent = Type.Partial(
  Type.Object(
    {
      customerExternalId: described(ExternalId, 'External id of the customer billed.'),
      number: Type.String({ minLength: 1, maxLength: 64, description: 'Invoice number.' }),
      status: InvoiceStatus,
      currency: CurrencyCode,
      issueDate: IsoDate,
      dueDate: Nullable(IsoDate, 'Payment due date.'),
      lines: Type.Array(InboundInvoiceLine, {
        maxItems: 1000,
        description: 'All lines, in order.',
      }),
      subtotal: MinorUnits,
      total: MinorUnits,
      metadata: Metadata,
    },
    closed,
  ),
  { description: 'Invoice fields observed in the external system (any subset).' },
);
export type InboundInvoiceContent = Static<typeof InboundInvoiceContent>;

export interface InboundContentByEntityType {
  customer: InboundCustomerContent;
  product: InboundProductContent;
  invoice: InboundInvoiceContent;
}
