import type { CatalogRecord, EntityType } from '../api/api-types';
import { money } from '../ui/format';

export interface RecordColumn {
  header: string;
  value(record: CatalogRecord): string;
}

const text = (value: unknown): string => (typeof value === 'string' && value !== '' ? value : '—');

/** What identifies a record to a person: the first column, and the record page's title. */
export function recordTitle(entityType: EntityType, record: CatalogRecord): string {
  if (entityType === 'invoice') return `Invoice ${text(record['number'])}`;
  return text(record['name']);
}

export const RECORD_COLUMNS: Record<EntityType, RecordColumn[]> = {
  customer: [
    { header: 'Email', value: (record) => text(record['email']) },
    { header: 'Currency', value: (record) => text(record['currency']) },
  ],
  product: [
    { header: 'SKU', value: (record) => text(record['sku']) },
    { header: 'Unit price', value: (record) => money(record['unitPrice']) },
    { header: 'Active', value: (record) => (record['active'] ? 'Yes' : 'No') },
  ],
  invoice: [
    { header: 'Status', value: (record) => text(record['status']) },
    {
      header: 'Total',
      value: (record) => money({ amount: record['total'], currency: record['currency'] }),
    },
    { header: 'Issued', value: (record) => text(record['issueDate']) },
  ],
};

/** What the search box looks in (the API's `q`: part of the text, any case), by record type. */
export const SEARCH_LABELS: Record<EntityType, string> = {
  customer: 'Name or email',
  product: 'Name or SKU',
  invoice: 'Invoice number',
};

/** Invoices can also be narrowed to one status. */
export const INVOICE_STATUSES = ['draft', 'open', 'paid', 'void', 'uncollectible'] as const;
