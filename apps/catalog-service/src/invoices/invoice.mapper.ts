import type { Invoice } from '@concord/model';

import { recordMetaOf } from '../records/record-meta';
import type { InvoiceEntity } from './invoice.entity';
import type { InvoiceLineEntity } from './invoice-line.entity';

export const INVOICE_FIELDS = [
  'customerId',
  'number',
  'status',
  'currency',
  'issueDate',
  'dueDate',
  'lines',
  'subtotal',
  'total',
  'metadata',
] as const;

export function toInvoiceRecord(entity: InvoiceEntity, lines: InvoiceLineEntity[]): Invoice {
  return {
    ...recordMetaOf(entity),
    customerId: entity.customerId,
    number: entity.number,
    status: entity.status,
    currency: entity.currency,
    issueDate: entity.issueDate,
    dueDate: entity.dueDate,
    lines: [...lines]
      .sort((a, b) => a.position - b.position)
      .map((line) => ({
        id: line.id,
        productId: line.productId,
        description: line.description,
        quantity: line.quantity,
        unitAmount: line.unitAmount,
        amount: line.amount,
      })),
    subtotal: entity.subtotal,
    total: entity.total,
    metadata: entity.metadata,
  };
}
