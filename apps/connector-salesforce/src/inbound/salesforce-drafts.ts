import type { CanonicalRecord, InboundChangeDraft } from '@concord/connector-kit';
import type { EntityType } from '@concord/model';

/** A polled record as the kit's inbound draft: an upsert, or a delete when it is in the recycle bin. */
export function draftOf<E extends EntityType>(
  entityType: E,
  record: CanonicalRecord<E>,
): InboundChangeDraft {
  const version = record.externalVersion ?? 'unknown';
  return {
    entityType,
    externalId: record.externalId,
    operation: record.deleted ? 'delete' : 'upsert',
    sourceEventId: `${record.externalId}-${version}`.slice(0, 255),
    changedAt: record.changedAt ?? new Date().toISOString(),
    externalVersion: record.externalVersion,
    content: record.deleted ? null : record.content,
    catalogId: record.catalogId,
  } as InboundChangeDraft;
}
