import { NotFoundError, NotFoundErrorCode } from '@concord/errors';
import type { EntityType } from '@concord/model';

/** Another tenant's record is "not found" too: callers cannot tell the two apart. */
export function recordNotFound(entityType: EntityType, id: string): NotFoundError {
  return new NotFoundError(NotFoundErrorCode.RECORD_NOT_FOUND, `No ${entityType} ${id}`, {
    details: { entityType, id },
  });
}
