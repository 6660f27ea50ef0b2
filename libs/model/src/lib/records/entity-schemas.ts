import type { EntityType } from '../primitives/primitives.schema';
import { Customer, CustomerContent } from './customer.schema';
import { Invoice, InvoiceContent } from './invoice.schema';
import { Product, ProductContent } from './product.schema';
import { RecordMetaKeys } from './record-meta.schema';

export const RecordSchemas = { customer: Customer, product: Product, invoice: Invoice } as const;
export const ContentSchemas = {
  customer: CustomerContent,
  product: ProductContent,
  invoice: InvoiceContent,
} as const;

export interface RecordByEntityType {
  customer: Customer;
  product: Product;
  invoice: Invoice;
}

export interface ContentByEntityType {
  customer: CustomerContent;
  product: ProductContent;
  invoice: InvoiceContent;
}

export type CatalogRecord = RecordByEntityType[EntityType];
export type RecordContent = ContentByEntityType[EntityType];

/** The synced fields of a record: the record without id, tenant, version and timestamps. */
export function contentOf<E extends EntityType>(
  _entityType: E,
  record: RecordByEntityType[E],
): ContentByEntityType[E] {
  const meta = new Set<string>(RecordMetaKeys);
  return Object.fromEntries(
    Object.entries(record).filter(([key]) => !meta.has(key)),
  ) as ContentByEntityType[E];
}
