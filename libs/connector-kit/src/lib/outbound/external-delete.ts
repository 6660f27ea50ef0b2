import { RetryableError } from '@concord/errors';
import type { ConnectionSettings, EntityType } from '@concord/model';

import { ConnectorKitErrorCode } from '../errors/connector-kit-error-codes';

/**
 * A catalog write found its linked external record deleted there. Whether that delete stands is
 * the connection's conflict policy's call, decided as the catalog decides an inbound delete of a
 * record it changed since the last sync (which an outbound write means): `catalog-wins` keeps the
 * catalog's record (the connector creates it again), `external-wins` lets the delete stand, and
 * `last-writer-wins` compares the delete's time with the catalog change (the catalog keeps ties; an
 * unknown delete time keeps the catalog's record, so nothing is lost).
 */
export function externalDeleteStands(input: {
  policy: ConnectionSettings['conflictPolicy'];
  catalogChangedAt: string;
  deletedAt: Date | null;
}): boolean {
  if (input.policy.default === 'external-wins') return true;
  if (input.policy.default === 'catalog-wins' || input.deletedAt === null) return false;
  return input.deletedAt.getTime() > new Date(input.catalogChangedAt).getTime();
}

/**
 * Raised by an adapter instead of creating the record again when its external delete stands: the
 * delete reaches the catalog inbound (the system's own delete event), the catalog applies it
 * through its conflict policy, and its delete event then overtakes this write, which is retried
 * until then and dropped as stale.
 */
export function externalDeletePending(entityType: EntityType, externalId: string): RetryableError {
  return new RetryableError(
    ConnectorKitErrorCode.EXTERNAL_DELETE_PENDING,
    `The ${entityType} ${externalId} was deleted in the external system and the conflict policy lets the delete stand; waiting for the catalog to apply it`,
    { details: { entityType, externalId } },
  );
}
