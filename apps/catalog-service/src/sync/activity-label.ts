/**
 * What a person calls an activity row's record, read when the row is: a customer's or product's
 * name, or "Invoice <number>" (null for rows without a record, or a record since purged). One
 * primary-key lookup per row, on lists of at most 100 rows and the stream's single rows.
 */
export const ACTIVITY_ENTITY_LABEL_SQL = `CASE activity.entity_type
    WHEN 'customer' THEN (SELECT c.name FROM customers c
      WHERE c.id = activity.entity_id AND c.tenant_id = activity.tenant_id)
    WHEN 'product' THEN (SELECT p.name FROM products p
      WHERE p.id = activity.entity_id AND p.tenant_id = activity.tenant_id)
    WHEN 'invoice' THEN (SELECT 'Invoice ' || i.number FROM invoices i
      WHERE i.id = activity.entity_id AND i.tenant_id = activity.tenant_id)
  END AS entity_label`;
