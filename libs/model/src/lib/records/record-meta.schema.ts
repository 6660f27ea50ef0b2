import { EntityId, EntityVersion, IsoTimestamp, TenantId } from '../primitives/primitives.schema';
import { described, Nullable } from '../primitives/schema-helpers';

/** Fields every catalog record carries that are Concord's bookkeeping, not synced content. */
export const RecordMetaFields = {
  id: EntityId,
  tenantId: described(TenantId, 'Tenant that owns the record.'),
  version: EntityVersion,
  createdAt: described(IsoTimestamp, 'When the record was created in Concord.'),
  updatedAt: described(IsoTimestamp, 'When the record last changed in Concord.'),
  deletedAt: Nullable(IsoTimestamp, 'When the record was soft-deleted; null while it exists.'),
};

export const RecordMetaKeys = Object.freeze(
  Object.keys(RecordMetaFields) as Array<keyof typeof RecordMetaFields>,
);
