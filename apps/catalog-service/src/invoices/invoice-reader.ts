import type { EntityManager } from 'typeorm';

import { InvoiceEntity } from './invoice.entity';
import { InvoiceLineEntity } from './invoice-line.entity';

/** An invoice row with its lines in order. */
export interface LoadedInvoice {
  entity: InvoiceEntity;
  lines: InvoiceLineEntity[];
  version: number;
}

interface LineRow {
  id: string;
  invoice_id: string;
  tenant_id: string;
  product_id: string | null;
  description: string;
  quantity: number;
  unit_amount: number | string;
  amount: number | string;
  position: number;
}

function toLine(row: LineRow): InvoiceLineEntity {
  return Object.assign(new InvoiceLineEntity(), {
    id: row.id,
    invoiceId: row.invoice_id,
    tenantId: row.tenant_id,
    productId: row.product_id,
    description: row.description,
    quantity: row.quantity,
    unitAmount: Number(row.unit_amount),
    amount: Number(row.amount),
    position: row.position,
  });
}

/**
 * An invoice and its lines in ONE query (the lines as a JSON array beside the row), or null.
 * `live`: deleted invoices count as absent. `lock`: the row is locked until the caller's
 * transaction ends (FOR NO KEY UPDATE), as the inbound applier reads it.
 */
export async function readInvoice(
  manager: EntityManager,
  tenantId: string,
  id: string,
  options: { live: boolean; lock?: boolean },
): Promise<LoadedInvoice | null> {
  return (await readInvoices(manager, tenantId, [id], options))[0] ?? null;
}

/** Many invoices of one tenant with their lines in ONE query (in id order); absent ones left out. */
export async function readInvoices(
  manager: EntityManager,
  tenantId: string,
  ids: readonly string[],
  options: { live: boolean; lock?: boolean },
): Promise<LoadedInvoice[]> {
  if (ids.length === 0) return [];
  const query = manager
    .getRepository(InvoiceEntity)
    .createQueryBuilder('i')
    .addSelect(
      `coalesce((SELECT json_agg(to_json(l) ORDER BY l.position) FROM invoice_lines l
        WHERE l.invoice_id = i.id), '[]'::json)`,
      'invoice_lines',
    )
    .where('i.tenant_id = :tenantId AND i.id = ANY(:ids)', { tenantId, ids: [...ids] })
    .orderBy('i.id');
  if (options.live) query.andWhere('i.deleted_at IS NULL');
  if (options.lock) query.setLock('for_no_key_update');
  const { entities, raw } = await query.getRawAndEntities<{
    i_id: string;
    invoice_lines: LineRow[];
  }>();
  const linesById = new Map(raw.map((row) => [row.i_id, row.invoice_lines]));
  return entities.map((entity) => ({
    entity,
    lines: (linesById.get(entity.id) ?? []).map(toLine),
    version: entity.version,
  }));
}
