import type { EntityType } from '@concord/model';

import type { StateScope } from '../state/connector-state-store';

/**
 * How long one record's message may hold its lock before the next one goes ahead anyway: longer
 * than any one write (external calls time out sooner, long waits are parked on the retry topic).
 * A killed replica's locks free up sooner: their lease lasts `LOCK_LEASE_MS` (5 s) between the
 * holder's renewals (see `LeaseLock`), so a batch on another replica does not wait 30 s for them.
 */
export const RECORD_LOCK_TTL_MS = 30_000;

/**
 * The key of one record's lock: its outbound writes and the webhook check that asks whether one of
 * them overwrote an external change hold the same lock, in every replica.
 */
export function recordLockKey(scope: StateScope, entityType: EntityType, entityId: string): string {
  return [scope.tenant, scope.connectionId, entityType, entityId].join(':');
}
