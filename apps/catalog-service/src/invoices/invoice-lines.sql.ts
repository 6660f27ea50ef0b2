import type { ExtraCte } from '../records/record-statement';
import type { InvoiceLineEntity } from './invoice-line.entity';

const LINE_COLUMNS = `id uuid, invoice_id uuid, tenant_id text, product_id uuid, description text,
  quantity integer, unit_amount bigint, amount bigint, position integer`;

function linesJson(lines: readonly InvoiceLineEntity[]): string {
  return JSON.stringify(
    lines.map((line) => ({
      id: line.id,
      invoice_id: line.invoiceId,
      tenant_id: line.tenantId,
      product_id: line.productId,
      description: line.description,
      quantity: line.quantity,
      unit_amount: line.unitAmount,
      amount: line.amount,
      position: line.position,
    })),
  );
}

/**
 * An invoice's lines, replaced in the statement that writes the invoice (records/record-statement):
 * the old lines are deleted first (`lines_gone`, run to its end before any insert, so a kept id or
 * position never clashes with its old row), then the new ones inserted, both only when the
 * invoice row was written (`rec`). For a new invoice, `replace` is false: nothing to delete.
 */
export function invoiceLinesCtes(
  invoiceId: string,
  lines: readonly InvoiceLineEntity[],
  replace: boolean,
): ExtraCte[] {
  const ctes: ExtraCte[] = [];
  if (replace) {
    ctes.push({
      name: 'lines_gone',
      sql: (params) => {
        params.push(invoiceId);
        return `DELETE FROM invoice_lines WHERE invoice_id = $${params.length}::uuid
          AND EXISTS (SELECT 1 FROM rec) RETURNING 1`;
      },
    });
  }
  if (lines.length > 0) {
    ctes.push({
      name: 'lines_new',
      sql: (params) => {
        params.push(linesJson(lines));
        const after = replace ? ' AND (SELECT count(*) FROM lines_gone) >= 0' : '';
        return `INSERT INTO invoice_lines
            (id, invoice_id, tenant_id, product_id, description, quantity, unit_amount, amount, position)
          SELECT * FROM jsonb_to_recordset($${params.length}::jsonb) AS line(${LINE_COLUMNS})
          WHERE EXISTS (SELECT 1 FROM rec)${after}`;
      },
    });
  }
  return ctes;
}
