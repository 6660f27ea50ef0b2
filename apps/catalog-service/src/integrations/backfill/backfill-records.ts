import { createHash } from 'node:crypto';

import type { OutgoingMessage } from '@concord/kafka';
import {
  CATALOG_EVENT_SOURCE,
  CATALOG_ORIGIN,
  type CatalogEvent,
  catalogEventKey,
  CatalogEventSchemas,
  catalogEventType,
  type CatalogRecord,
  ContentSchemas,
  createEnvelope,
  type EntityType,
  envelopeHeaders,
  MessageHeaders,
  parseMessage,
} from '@concord/model';
import { type EntityManager, In, IsNull, MoreThan } from 'typeorm';

import { CustomerEntity } from '../../customers/customer.entity';
import { toCustomerRecord } from '../../customers/customer.mapper';
import { InvoiceEntity } from '../../invoices/invoice.entity';
import { toInvoiceRecord } from '../../invoices/invoice.mapper';
import { InvoiceLineEntity } from '../../invoices/invoice-line.entity';
import { ProductEntity } from '../../products/product.entity';
import { toProductRecord } from '../../products/product.mapper';

/** Headers of a snapshot: the connector runs it in its backfill lane and matches before creating. */
export const BACKFILL_HEADER = 'x-backfill';
export const LANE_HEADER = 'x-concord-lane';

// Fixed namespace of Concord's name-based (v5) snapshot event ids.
const SNAPSHOT_NAMESPACE = Buffer.from('6f1d2c3b4a5948b7a6c5d4e3f2a1b0c9', 'hex');

/**
 * The same id for the same snapshot (job, record, version): a page republished after a crash
 * carries the ids it had, so the connector deduplicates it like any redelivery.
 */
export function snapshotEventId(jobId: string, entityId: string, version: number): string {
  const hash = createHash('sha1')
    .update(SNAPSHOT_NAMESPACE)
    .update(`${jobId}:${entityId}:${version}`)
    .digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The next page of a tenant's live records of one type, in id order after `afterId`. */
export async function readRecordPage(
  manager: EntityManager,
  entityType: EntityType,
  tenantId: string,
  afterId: string | null,
  limit: number,
): Promise<CatalogRecord[]> {
  const where = { tenantId, deletedAt: IsNull(), ...(afterId ? { id: MoreThan(afterId) } : {}) };
  const page = { where, order: { id: 'ASC' as const }, take: limit };
  if (entityType === 'customer') {
    return (await manager.find(CustomerEntity, page)).map(toCustomerRecord);
  }
  if (entityType === 'product') {
    return (await manager.find(ProductEntity, page)).map(toProductRecord);
  }
  const invoices = await manager.find(InvoiceEntity, page);
  const lines = await manager.find(InvoiceLineEntity, {
    where: { invoiceId: In(invoices.map((invoice) => invoice.id)) },
    order: { position: 'ASC' },
  });
  return invoices.map((invoice) =>
    toInvoiceRecord(
      invoice,
      lines.filter((line) => line.invoiceId === invoice.id),
    ),
  );
}

/** How many live records of these types the tenant has: a backfill's total, counted at its start. */
export async function countLiveRecords(
  manager: EntityManager,
  entityTypes: readonly EntityType[],
  tenantId: string,
): Promise<number> {
  const where = { tenantId, deletedAt: IsNull() };
  const entities = { customer: CustomerEntity, product: ProductEntity, invoice: InvoiceEntity };
  let total = 0;
  for (const entityType of entityTypes)
    total += await manager.count(entities[entityType], { where });
  return total;
}

/**
 * A record as a catalog `updated` event (all content fields) for one connector's retry topic;
 * `continues`: more records of its type follow in the snapshot (after this page).
 */
export function snapshotMessage(
  jobId: string,
  entityType: EntityType,
  record: CatalogRecord,
  continues: boolean,
): OutgoingMessage {
  const id = snapshotEventId(jobId, record.id, record.version);
  const event = parseMessage(
    CatalogEventSchemas[entityType],
    createEnvelope({
      id,
      source: CATALOG_EVENT_SOURCE,
      type: catalogEventType(entityType, 'updated'),
      subject: record.id,
      tenant: record.tenantId,
      origin: CATALOG_ORIGIN,
      entityVersion: record.version,
      correlationId: `backfill-${jobId}`,
      time: record.updatedAt,
      data: {
        operation: 'updated',
        entity: record,
        changedFields: Object.keys(ContentSchemas[entityType].properties),
      },
    }),
  ) as CatalogEvent;
  return {
    key: catalogEventKey(record.tenantId, record.id),
    value: event,
    headers: {
      ...envelopeHeaders(event),
      [BACKFILL_HEADER]: 'true',
      [LANE_HEADER]: 'backfill',
      [MessageHeaders.snapshotContinues]: String(continues),
    },
  };
}
