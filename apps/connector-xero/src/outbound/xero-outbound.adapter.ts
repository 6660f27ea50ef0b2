import type {
  ExternalCallContext,
  OutboundAdapter,
  UpsertContext,
  UpsertResult,
} from '@concord/connector-kit';
import type { EntityType } from '@concord/model';

import type { XeroContactPayload } from '../mappers/xero-contact.mapper';
import type { XeroInvoiceWrite } from '../mappers/xero-invoice.mapper';
import type { XeroItemPayload } from '../mappers/xero-item.mapper';
import type { XeroConnectionClient } from '../xero/xero-client.factory';
import { deleteXeroRecords } from './xero-batch-deletes';
import { xeroBatchWriter } from './xero-batch-writer';
import { xeroContactWriter } from './xero-contact.writer';
import { xeroInvoiceWriter } from './xero-invoice.writer';
import { xeroItemWriter } from './xero-item.writer';

/** The payload each entity type maps to in Xero. */
export interface XeroMapped {
  customer: XeroContactPayload;
  product: XeroItemPayload;
  invoice: XeroInvoiceWrite;
}

type Writers = {
  [E in EntityType]: {
    upsert(
      entityId: string,
      mapped: XeroMapped[E],
      ctx: UpsertContext<XeroConnectionClient>,
    ): Promise<UpsertResult>;
  };
};

/** Xero keeps an Idempotency-Key for 24 hours. */
const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

/** One record's delete, as a batch of one would be written (gone already counts as deleted). */
async function deleteOne(
  entityType: EntityType,
  externalId: string,
  ctx: ExternalCallContext<XeroConnectionClient>,
): Promise<void> {
  const [result] = await deleteXeroRecords(entityType, [externalId], ctx);
  if (result && result.status !== 'written') throw result.error;
}

/**
 * Writes catalog changes to Xero through xero-node: upserts and deletes in batches of up to 50 a
 * call (`xero-batch-writer.ts`; deletes archive, void or delete by the record's Xero status).
 */
export function xeroOutboundAdapter(): OutboundAdapter<XeroConnectionClient, XeroMapped> {
  const writers: Writers = {
    customer: xeroContactWriter,
    product: xeroItemWriter,
    invoice: xeroInvoiceWriter,
  };
  return {
    idempotencyWindowMs: IDEMPOTENCY_WINDOW_MS,
    batch: xeroBatchWriter(),
    upsert: (entityType, entityId, mapped, ctx) =>
      writers[entityType].upsert(entityId, mapped, ctx),
    delete: (entityType, externalId, ctx) => deleteOne(entityType, externalId, ctx),
    findByConcordId: async (entityType, entityId, ctx) =>
      entityType === 'customer' ? xeroContactWriter.findByConcordId(entityId, ctx) : null,
    findByMatchingKey: async (entityType, key, value, ctx) =>
      entityType === 'customer' && key === 'email'
        ? xeroContactWriter.findByEmail(value, ctx)
        : null,
  };
}
