import type { BatchWriter, WriteBatch } from '@concord/connector-kit';
import type { EntityType } from '@concord/model';

import type { XeroConnectionClient } from '../xero/xero-client.factory';
import { deleteXeroRecords } from './xero-batch-deletes';
import { XERO_BATCH_SIZE, XeroBatchWrite } from './xero-batch-write';
import type { XeroMapped } from './xero-outbound.adapter';

/**
 * How long a call short of 50 waits for the records other partitions bring for the same
 * connection, type and lane. Merging is safe without the Idempotency-Key: a redelivered record
 * merged into a different call gets another key, and its create is then refused by its natural
 * key (ContactNumber = catalog id, Item Code, InvoiceNumber) and POSTed keyed by it, an update.
 */
export const XERO_BATCH_LINGER_MS = { live: 300, backfill: 5_000 } as const;

/**
 * Deletes wait longer: they come from clean-ups (many records deleted together, reaching the
 * connector over several outbox polls and fetches) and no user waits on them, so archiving 30
 * contacts costs one or two calls of the organisation's 60 a minute, not one per fetch.
 */
export const XERO_DELETE_LINGER_MS = { live: 2_000, backfill: 5_000 } as const;

/**
 * Contacts, items and invoices, 50 a call (see `XeroBatchWrite`); deletes as Xero allows them
 * (`xero-batch-deletes.ts`: contacts archived in one call, invoices voided or deleted by status in
 * two, items one call each).
 */
export function xeroBatchWriter(): BatchWriter<XeroConnectionClient, XeroMapped> {
  return {
    maxBatchSize: { customer: XERO_BATCH_SIZE, product: XERO_BATCH_SIZE, invoice: XERO_BATCH_SIZE },
    tokensPerCall: 1,
    lingerMs: { ...XERO_BATCH_LINGER_MS },
    deleteLingerMs: { ...XERO_DELETE_LINGER_MS },
    // Full calls only (a short one goes when none is out): four out keep a 55-a-minute budget
    // busy even when a PUT of 50 takes seconds to answer, and the fourth waits about 3.3 s for
    // its token, within the kit's 5 s budget wait; the fifth of Xero's slots stays for live calls.
    callsInFlight: 4,
    // A create whose ContactNumber (the catalog id) Xero already holds is POSTed keyed by it.
    findsByConcordId: { customer: true },
    operations: ['upsert', 'delete'],
    writeBatch: (batch, ctx) =>
      batch.operation === 'delete'
        ? deleteXeroRecords(
            batch.entityType,
            batch.items.map((item) => item.existing?.externalId ?? ''),
            ctx,
          )
        : new XeroBatchWrite(batch as WriteBatch<EntityType, unknown>, ctx).run(),
  };
}
