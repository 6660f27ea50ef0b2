import { contentHash, contentOf, type EntityType, type RecordByEntityType } from '@concord/model';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { ActivityRepository } from '../../sync/activity.repository';
import { SyncStateRepository } from '../../sync/sync-state.repository';
import {
  activityOf,
  type DeleteConflict,
  type DeleteTarget,
  resolveDeleteConflict,
} from './delete-conflict';
import { FieldClocksRepository } from './field-clocks.repository';
import type { ConflictPolicy } from './field-resolution';

/**
 * Decides and records whether an external delete conflicts with a catalog change made since the
 * record was last in sync with that system (see `resolveDeleteConflict`).
 */
@Injectable()
export class DeleteConflicts {
  constructor(
    private readonly clocks: FieldClocksRepository,
    private readonly syncStates: SyncStateRepository,
    private readonly activity: ActivityRepository,
  ) {}

  /** The conflict, recorded (sync state, conflict row, activity), or null when there is none. */
  async resolve(
    manager: EntityManager,
    target: DeleteTarget,
    lastSyncedHash: string | null,
    record: RecordByEntityType[EntityType],
    settings: { policy: ConflictPolicy },
  ): Promise<DeleteConflict | null> {
    // Never synced content to compare with: nothing shows a local change, the delete applies.
    if (lastSyncedHash === null) return null;
    const current = contentHash(target.entityType, contentOf(target.entityType, record));
    const clocks = await this.clocks.lastChanges(manager, recordKeyOf(target), target.system);
    const localChangedAt = new Date(
      Math.max(
        new Date(record.updatedAt).getTime(),
        ...[...clocks.values()].map((d) => d.getTime()),
      ),
    );
    const conflict = resolveDeleteConflict({
      policy: settings.policy,
      catalogChangedSinceSync: current !== lastSyncedHash,
      deletedAt: target.changedAt,
      localChangedAt,
    });
    if (conflict) await this.record(manager, target, conflict, record.version);
    return conflict;
  }

  private async record(
    manager: EntityManager,
    target: DeleteTarget,
    conflict: DeleteConflict,
    version: number,
  ): Promise<void> {
    const recordKey = recordKeyOf(target);
    await this.syncStates.recordConflict(manager, {
      ...recordKey,
      system: target.system,
      field: 'deleted',
      catalogValue: false,
      externalValue: true,
      resolution: conflict.winner,
      policy: conflict.rule,
    });
    if (conflict.winner === 'catalog') {
      await this.syncStates.save(manager, {
        ...recordKey,
        system: target.system,
        state: 'conflict',
        lastError: {
          code: 'SYNC_CONFLICT',
          message: `${target.system} deleted the record, but the catalog kept its newer version`,
          fields: ['deleted'],
        },
        lastEventId: null,
        entityVersion: version,
      });
    }
    await this.activity.record(manager, {
      ...activityOf(target),
      kind: 'conflict',
      details: { fields: ['deleted'], winner: conflict.winner, rule: conflict.rule },
    });
  }
}

function recordKeyOf(target: DeleteTarget) {
  return { tenantId: target.tenantId, entityType: target.entityType, entityId: target.entityId };
}
