import type { EntityType } from '../api/api-types';
import { ENTITY_TYPES } from '../api/api-types';

/** Why a system does not sync an entity type (its connector leaves the type out). */
const NOT_SYNCED: Record<string, Partial<Record<EntityType, string>>> = {
  salesforce: {
    invoice: 'Invoices do not sync to Salesforce: it has no standard invoice object.',
  },
};

/** Why `system` does not sync `type`, or null when it does. */
export function notSyncedReason(system: string, type: EntityType): string | null {
  return NOT_SYNCED[system]?.[type] ?? null;
}

/** The entity types a system syncs: what a new connection starts with. */
export function syncedEntityTypes(system: string): EntityType[] {
  return ENTITY_TYPES.filter((type) => notSyncedReason(system, type) === null);
}
