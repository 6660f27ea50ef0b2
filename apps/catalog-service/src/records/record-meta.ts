import type { RecordColumns } from './record-columns';

/** The bookkeeping fields of a catalog record, as the model and the API spell them. */
export function recordMetaOf(entity: RecordColumns) {
  return {
    id: entity.id,
    tenantId: entity.tenantId,
    version: entity.version,
    createdAt: entity.createdAt.toISOString(),
    updatedAt: entity.updatedAt.toISOString(),
    deletedAt: entity.deletedAt === null ? null : entity.deletedAt.toISOString(),
  };
}
