import { type Static, Type } from '@sinclair/typebox';

import { CurrencyCode, MinorUnits } from '../money/money.schema';
import { EntityId, IsoDate, Metadata, Uuid } from '../primitives/primitives.schema';
import { closed, described, LiteralUnion, Nullable } from '../primitives/schema-helpers';
import { refine } from '../validation/schema-validation';
import { invoiceTotalsIssues } from './invoice-totals';
import { RecordMetaFields } from './record-meta.schema';

export const InvoiceStatuses = ['draft', 'open', 'paid', 'void', 'uncollectible'] as const;
export const InvoiceStatus = LiteralUnion(InvoiceStatuses, {
  description: 'Lifecycle state of the invoice.',
});
export type InvoiceStatus = Static<typeof InvoiceStatus>;

export const LineQuantity = Type.Integer({ minimum: 1, description: 'Number of units (>= 1).' });
export const LineDescription = Type.String({ maxLength: 500, description: 'Line text.' });

export const InvoiceLine = Type.Object(
  {
    id: described(Uuid, 'Id of the line within the invoice.'),
    productId: Nullable(EntityId, 'Catalog product billed on this line, if any.'),
    description: LineDescription,
    quantity: LineQuantity,
    unitAmount: described(MinorUnits, 'Price of one unit in minor units.'),
    amount: described(MinorUnits, 'quantity x unitAmount, in minor units.'),
  },
  { ...closed, description: 'One line of an invoice.' },
);
export type InvoiceLine = Static<typeof InvoiceLine>;

const invoiceContentFields = {
  customerId: described(EntityId, 'Catalog customer billed.'),
  number: Type.String({ minLength: 1, maxLength: 64, description: 'Invoice number.' }),
  status: InvoiceStatus,
  currency: CurrencyCode,
  issueDate: described(IsoDate, 'Date of issue.'),
  dueDate: Nullable(IsoDate, 'Payment due date.'),
  lines: Type.Array(InvoiceLine, { maxItems: 1000, description: 'Invoice lines, in order.' }),
  subtotal: described(MinorUnits, 'Sum of the line amounts.'),
  total: described(MinorUnits, 'Amount due; equals subtotal (the model itemises no tax).'),
  metadata: Metadata,
};

export const InvoiceContent = refine(
  Type.Object(invoiceContentFields, {
    ...closed,
    description: 'The fields of an invoice that sync with external systems.',
  }),
  invoiceTotalsIssues,
);
export type InvoiceContent = Static<typeof InvoiceContent>;

export const Invoice = refine(
  Type.Object(
    { ...RecordMetaFields, ...invoiceContentFields },
    { ...closed, description: 'An invoice in the catalog.' },
  ),
  invoiceTotalsIssues,
);
export type Invoice = Static<typeof Invoice>;
