import type { LinkKey } from '../identity-map/identity-link';
import type { ConflictPolicy, ConflictWinner } from './field-resolution';

export interface DeleteConflictInput {
  policy: ConflictPolicy;
  /** The catalog's record differs from what was last synced with the deleting system. */
  catalogChangedSinceSync: boolean;
  /** When the external system deleted the record. */
  deletedAt: Date;
  /** When the catalog side (any origin but the deleting system) last changed the record. */
  localChangedAt: Date;
}

export interface DeleteConflict {
  winner: ConflictWinner;
  /** The strategy that decided (`last-writer-wins`, `catalog-wins`, `external-wins`). */
  rule: string;
}

/**
 * An external delete of a record the catalog changed since it was last in sync with that system
 * is a conflict, resolved like a field conflict: `external-wins` deletes, `catalog-wins` keeps,
 * `last-writer-wins` compares the delete's time with the last local change (the catalog keeps
 * ties). Null when there is nothing to resolve: the delete simply applies.
 */
export function resolveDeleteConflict(input: DeleteConflictInput): DeleteConflict | null {
  if (!input.catalogChangedSinceSync) return null;
  const rule = input.policy.default;
  if (rule === 'external-wins') return { winner: 'external', rule };
  if (rule === 'catalog-wins') return { winner: 'catalog', rule };
  const externalLater = input.deletedAt.getTime() > input.localChangedAt.getTime();
  return { winner: externalLater ? 'external' : 'catalog', rule };
}

/** A delete that removes a live record, from a change or from an approved held delete. */
export interface DeleteTarget extends LinkKey {
  entityId: string;
  externalId: string;
  changedAt: Date;
}

/** What an activity entry about `target` names. */
export function activityOf(target: DeleteTarget) {
  return {
    tenantId: target.tenantId,
    entityType: target.entityType,
    entityId: target.entityId,
    system: target.system,
    externalId: target.externalId,
  };
}
