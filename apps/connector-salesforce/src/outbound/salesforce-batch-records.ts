import type {
  BatchItem,
  BatchItemResult,
  ExistingLink,
  ExternalCallContext,
} from '@concord/connector-kit';
import { classifyError, NotFoundError } from '@concord/errors';
import type { EntityType } from '@concord/model';

import type { SalesforceFields } from '../mappers/salesforce-field-mappings';
import { CONCORD_ID_FIELD } from '../mappers/salesforce-settings';
import type { SalesforceClient } from '../salesforce/salesforce-client';
import { type RecordWrite, updateCollection, upsertCollection } from './salesforce-collections';
import { KEY_PREFIX, recreateUnlessDeleteStands } from './salesforce-upsert';

type Ctx = ExternalCallContext<SalesforceClient>;

/** One catalog record to write to an sObject as part of a batch. */
export interface BatchRecordWrite {
  entityId: string;
  existing: ExistingLink | null;
  fields: SalesforceFields;
  catalogChangedAt: string;
}

/** A record's write as the kit's batch result. */
export function batchResultOf(write: RecordWrite, parts?: Record<string, string>): BatchItemResult {
  if (!write.ok) {
    return { status: write.error.retryable ? 'retryable' : 'permanent', error: write.error };
  }
  return { status: 'written', externalId: write.id, externalVersion: null, parts };
}

/** What a batch item writes to its sObject. */
export function recordWriteOf(
  item: BatchItem<EntityType, unknown>,
  fields: BatchRecordWrite['fields'],
): BatchRecordWrite {
  return {
    entityId: item.entityId,
    existing: item.existing,
    fields,
    catalogChangedAt: item.catalogChangedAt,
  };
}

/**
 * Writes records of one sObject as the per-record writer does, in two collection calls at most:
 * linked records updated by `Id` (with `Concord_Id__c` set, so a record matched by a backfill
 * carries the catalog id from then on), the others upserted by `Concord_Id__c`. A linked record
 * found deleted in Salesforce is created again, or not, by the conflict policy, on its own.
 * Returns one result per record, in order.
 */
export async function writeSObjectBatch(
  ctx: Ctx,
  entityType: EntityType,
  sObject: string,
  records: readonly BatchRecordWrite[],
): Promise<RecordWrite[]> {
  const results: RecordWrite[] = new Array(records.length);
  const prefix = KEY_PREFIX[sObject];
  const linked: number[] = [];
  const unlinked: number[] = [];
  for (const [index, record] of records.entries()) {
    const id = record.existing?.externalId;
    (id && prefix && id.startsWith(prefix) ? linked : unlinked).push(index);
  }
  if (linked.length > 0) {
    const updates = await updateCollection(
      ctx,
      `update-${sObject}-collection`,
      sObject,
      linked.map((index) => {
        const record = records[index] as BatchRecordWrite;
        const Id = record.existing?.externalId as string;
        return { ...record.fields, [CONCORD_ID_FIELD]: record.entityId, Id };
      }),
    );
    for (const [i, index] of linked.entries()) {
      const write = updates[i] as RecordWrite;
      results[index] = write.ok ? { ok: true, id: write.id, created: false } : write;
    }
  }
  if (unlinked.length > 0) {
    const upserts = await upsertCollection(
      ctx,
      `upsert-${sObject}-collection`,
      sObject,
      unlinked.map((index) => {
        const record = records[index] as BatchRecordWrite;
        return { ...record.fields, [CONCORD_ID_FIELD]: record.entityId };
      }),
    );
    for (const [i, index] of unlinked.entries()) results[index] = upserts[i] as RecordWrite;
  }
  for (const index of linked) {
    const write = results[index] as RecordWrite;
    if (write.ok || !(write.error instanceof NotFoundError)) continue;
    results[index] = await recreated(ctx, entityType, sObject, records[index] as BatchRecordWrite);
  }
  return results;
}

/** A linked record deleted in Salesforce, written again on its own (see the per-record writer). */
async function recreated(
  ctx: Ctx,
  entityType: EntityType,
  sObject: string,
  record: BatchRecordWrite,
): Promise<RecordWrite> {
  try {
    const answer = await recreateUnlessDeleteStands(
      { ...ctx, catalogChangedAt: record.catalogChangedAt },
      entityType,
      sObject,
      record.existing?.externalId as string,
      record.entityId,
      record.fields,
    );
    return { ok: true, id: answer.id, created: answer.created };
  } catch (thrown) {
    return { ok: false, error: classifyError(thrown) };
  }
}
