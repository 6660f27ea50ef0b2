import type { InboundChange } from '@concord/model';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import type { IntegrationConnection } from '../../integrations/integration-connection.repository';
import { RecordWriters } from '../../records/record-writers';
import { ActivityRepository } from '../../sync/activity.repository';
import { SyncStateRepository } from '../../sync/sync-state.repository';
import type { LinkKey } from '../identity-map/identity-link';
import { IdentityLinkRepository } from '../identity-map/identity-link.repository';
import { MassDeleteGuard } from '../mass-delete-guard/mass-delete-guard.service';
import { activityOf, type DeleteTarget } from './delete-conflict';
import { DeleteConflicts } from './delete-conflicts.service';
import { isStaleChange } from './inbound-staleness';

export type { DeleteTarget } from './delete-conflict';

/**
 * Inbound deletes soft-delete the local record, through the conflict policy when the catalog
 * changed it since its last sync, behind the mass-delete guard (MassDeleteGuard), which may hold
 * the delete for an operator instead.
 */
@Injectable()
export class InboundDeleteService {
  constructor(
    private readonly links: IdentityLinkRepository,
    private readonly store: RecordWriters,
    private readonly syncStates: SyncStateRepository,
    private readonly activity: ActivityRepository,
    private readonly conflicts: DeleteConflicts,
    private readonly guard: MassDeleteGuard,
  ) {}

  async apply(
    manager: EntityManager,
    change: InboundChange,
    connection: IntegrationConnection,
  ): Promise<'deleted' | 'held' | 'ignored' | 'stale' | 'conflict'> {
    const { data, tenant } = change;
    const key: LinkKey = { tenantId: tenant, system: data.system, entityType: data.entityType };
    const changedAt = new Date(data.changedAt);
    const link = await this.links.findByExternalId(manager, key, data.externalId);
    const activity = {
      tenantId: tenant,
      system: data.system,
      entityType: data.entityType,
      externalId: data.externalId,
    };
    const details = { sourceEventId: data.sourceEventId, changedAt: data.changedAt };
    if (!link) {
      await this.activity.record(manager, {
        ...activity,
        kind: 'inbound.ignored',
        details: { ...details, reason: 'not linked' },
      });
      return 'ignored';
    }
    const applied = { externalVersion: link.externalVersion, changedAt: link.lastInboundChangedAt };
    if (isStaleChange({ externalVersion: data.externalVersion, changedAt }, applied)) {
      await this.activity.record(manager, {
        ...activity,
        entityId: link.entityId,
        kind: 'inbound.stale',
        details,
      });
      return 'stale';
    }
    const record = await this.store.lock(manager, key.entityType, tenant, link.entityId);
    if (!record || record.deletedAt !== null) {
      await this.activity.record(manager, {
        ...activity,
        entityId: link.entityId,
        kind: 'inbound.ignored',
        details: { ...details, reason: 'already deleted' },
      });
      return 'ignored';
    }
    const target: DeleteTarget = {
      ...key,
      entityId: record.id,
      externalId: data.externalId,
      changedAt,
    };
    // A late delete never silently beats a newer catalog edit: it goes through the policy.
    const conflict = await this.conflicts.resolve(manager, target, link.lastSyncedHash, record, {
      policy: connection.conflictPolicy,
    });
    if (conflict?.winner === 'catalog') return 'conflict';
    if ((await this.guard.admit(manager, connection, target, data.sourceEventId)) === 'held') {
      return 'held';
    }
    await this.remove(manager, target, 'inbound.deleted', { ...details });
    return 'deleted';
  }

  /** Soft-deletes the record (its catalog event has origin = the system) and records it. */
  async remove(
    manager: EntityManager,
    target: DeleteTarget,
    kind: 'inbound.deleted' | 'held-deletes.approved',
    details: Record<string, unknown>,
  ): Promise<void> {
    const record = await this.store.softDelete(
      manager,
      target.entityType,
      target.tenantId,
      target.entityId,
      target.system,
    );
    const link = await this.links.findByEntityId(manager, target, target.entityId);
    if (link) {
      await this.links.saveInbound(manager, {
        ...link,
        lastInboundChangedAt:
          link.lastInboundChangedAt && link.lastInboundChangedAt > target.changedAt
            ? link.lastInboundChangedAt
            : target.changedAt,
      });
    }
    await this.syncStates.save(manager, {
      tenantId: target.tenantId,
      entityType: target.entityType,
      entityId: target.entityId,
      system: target.system,
      state: 'synced',
      lastError: null,
      lastEventId: null,
      entityVersion: record.version,
    });
    await this.activity.record(manager, {
      ...activityOf(target),
      kind,
      details: { ...details, version: record.version },
    });
  }
}
