import { randomUUID } from 'node:crypto';

import type { FieldError } from '@concord/errors';
import { invoiceTotals } from '@concord/model';
import type { EntityManager } from 'typeorm';

import type { InvoiceLineDto } from './invoice.dto';
import { InvoiceLineEntity } from './invoice-line.entity';

export interface PricedLines {
  lines: InvoiceLineEntity[];
  subtotal: number;
  total: number;
}

/**
 * The invoice's lines with server-computed amounts and totals. A line may keep its id only if it
 * is a line of this invoice already; otherwise it gets a new one.
 */
export function priceInvoiceLines(
  invoice: { id: string; tenantId: string },
  dtos: readonly InvoiceLineDto[],
  existingLineIds: ReadonlySet<string>,
  errors: FieldError[],
): PricedLines {
  const totals = invoiceTotals(dtos);
  const seen = new Set<string>();
  const lines = totals.lines.map((line, position) => {
    if (line.id !== undefined) {
      const id = line.id.toLowerCase();
      if (!existingLineIds.has(id)) {
        errors.push({ field: `lines.${position}.id`, message: 'is not a line of this invoice' });
      } else if (seen.has(id)) {
        errors.push({ field: `lines.${position}.id`, message: 'appears more than once' });
      }
      seen.add(id);
    }
    return Object.assign(new InvoiceLineEntity(), {
      id: line.id?.toLowerCase() ?? randomUUID(),
      invoiceId: invoice.id,
      tenantId: invoice.tenantId,
      productId: line.productId?.toLowerCase() ?? null,
      description: line.description,
      quantity: line.quantity,
      unitAmount: line.unitAmount,
      amount: line.amount,
      position,
    });
  });
  return { lines, subtotal: totals.subtotal, total: totals.total };
}

/**
 * Field errors for a customer or products that are not live records of the tenant, read in one
 * query.
 */
export async function invoiceReferenceErrors(
  manager: EntityManager,
  tenantId: string,
  customerId: string | undefined,
  lines: ReadonlyArray<{ productId: string | null }>,
): Promise<FieldError[]> {
  const productIds = [...new Set(lines.flatMap((line) => line.productId ?? []))];
  if (customerId === undefined && productIds.length === 0) return [];
  const rows: Array<{ kind: 'customer' | 'product'; id: string }> = await manager.query(
    `SELECT 'customer' AS kind, id FROM customers
       WHERE tenant_id = $1 AND id = $2::uuid AND deleted_at IS NULL
     UNION ALL
     SELECT 'product', id FROM products
       WHERE tenant_id = $1 AND id = ANY($3::uuid[]) AND deleted_at IS NULL`,
    [tenantId, customerId ?? null, productIds],
  );
  const errors: FieldError[] = [];
  if (customerId !== undefined && !rows.some((row) => row.kind === 'customer')) {
    errors.push({ field: 'customerId', message: 'no such customer' });
  }
  const live = new Set(rows.filter((row) => row.kind === 'product').map((row) => row.id));
  lines.forEach((line, index) => {
    if (line.productId !== null && !live.has(line.productId)) {
      errors.push({ field: `lines.${index}.productId`, message: 'no such product' });
    }
  });
  return errors;
}
