import { NotFoundError, NotFoundErrorCode } from '@concord/errors';
import type { EntityType } from '@concord/model';
import { type EntityManager, type EntityTarget, type FindOptionsWhere, IsNull } from 'typeorm';

import type { RecordColumns } from './record-columns';

/** Another tenant's record is "not found" too: callers cannot tell the two apart. */
export function recordNotFound(entityType: EntityType, id: string): NotFoundError {
  return new NotFoundError(NotFoundErrorCode.RECORD_NOT_FOUND, `No ${entityType} ${id}`, {
    details: { entityType, id },
  });
}

/**
 * The live (not deleted) record, locked until the transaction ends: concurrent changes to one
 * record queue here, and each then sees the version the previous one committed.
 */
export async function lockLiveRecord<T extends RecordColumns>(
  manager: EntityManager,
  target: EntityTarget<T>,
  entityType: EntityType,
  tenantId: string,
  id: string,
): Promise<T> {
  const found = await manager.getRepository(target).findOne({
    where: { tenantId, id, deletedAt: IsNull() } as FindOptionsWhere<T>,
    lock: { mode: 'for_no_key_update' },
  });
  if (!found) throw recordNotFound(entityType, id);
  return found;
}
