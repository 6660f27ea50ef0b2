import type { EntityType } from '@concord/model';

import type { SyncStateInput } from './sync-state.repository';

export interface StateKey {
  tenantId: string;
  entityType: EntityType;
  entityId: string;
  system: string;
}

export interface StateKeyRow {
  tenant_id: string;
  entity_type: EntityType;
  entity_id: string;
  system: string;
}

export function stateKeyOf(key: StateKey): string {
  return keyOf(key);
}

export function keyOf(key: StateKey): string {
  return [key.tenantId, key.entityType, key.entityId, key.system].join('\u0000');
}

/**
 * Saves of the same record and system folded into one (a statement may upsert a row only once),
 * as applying them one after another would leave the row: the last state and error, and the last
 * event id and version that were given.
 */
export function mergeSaves(inputs: readonly SyncStateInput[]): SyncStateInput[] {
  const byKey = new Map<string, SyncStateInput>();
  for (const input of inputs) {
    const key = keyOf(input);
    const earlier = byKey.get(key);
    byKey.set(
      key,
      earlier
        ? {
            ...input,
            lastEventId: input.lastEventId ?? earlier.lastEventId,
            entityVersion: input.entityVersion ?? earlier.entityVersion,
          }
        : input,
    );
  }
  return [...byKey.values()];
}
