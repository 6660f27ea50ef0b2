import type { EntityType, InboundChange } from '@concord/model';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { CATALOG_CONFIG } from '../config/catalog-config.module';
import type { CatalogConfig } from '../config/catalog-env';
import {
  type IntegrationConnection,
  IntegrationConnectionRepository,
} from '../integrations/integration-connection.repository';
import { IntegrationsService } from '../integrations/integrations.service';
import { NotificationsService } from '../integrations/notifications/notifications.service';
import { RecordWriters } from '../records/record-writers';
import { ActivityRepository } from '../sync/activity.repository';
import { SyncStateRepository } from '../sync/sync-state.repository';
import { activityOf, type DeleteTarget } from './delete-conflict';
import { DeleteConflicts } from './delete-conflicts.service';
import { HeldDeletesRepository } from './held-deletes.repository';
import { IdentityLinkRepository, type LinkKey } from './identity-link.repository';
import { isStaleChange } from './inbound-staleness';
import { exceedsMassDeleteLimit, type MassDeleteLimits } from './mass-delete-threshold';

const TABLE: Record<EntityType, string> = {
  customer: 'customers',
  product: 'products',
  invoice: 'invoices',
};

export type { DeleteTarget } from './delete-conflict';

export const MASS_DELETE_GUARD_ACTOR = 'mass-delete-guard';

/**
 * Inbound deletes soft-delete the local record, behind the mass-delete guard: when one system's
 * deletes of one entity type within MASS_DELETE_WINDOW_MS would exceed MASS_DELETE_MAX_SHARE of
 * the tenant's records of that type (and number at least MASS_DELETE_MIN_COUNT), the connection is
 * paused (audited, republished, the tenant notified) and this and every later delete of the
 * connection is held for an operator until approved or rejected.
 */
@Injectable()
export class InboundDeleteService {
  private readonly limits: MassDeleteLimits;

  constructor(
    @Inject(CATALOG_CONFIG) private readonly config: CatalogConfig,
    private readonly links: IdentityLinkRepository,
    private readonly store: RecordWriters,
    private readonly syncStates: SyncStateRepository,
    private readonly activity: ActivityRepository,
    private readonly held: HeldDeletesRepository,
    private readonly connections: IntegrationConnectionRepository,
    private readonly integrations: IntegrationsService,
    private readonly notifications: NotificationsService,
    private readonly conflicts: DeleteConflicts,
  ) {
    this.limits = {
      maxShare: Number(config.MASS_DELETE_MAX_SHARE),
      minCount: config.MASS_DELETE_MIN_COUNT,
    };
  }

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
    // One guard decision at a time per tenant, system and type, so concurrent partitions count right.
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
      `mass-delete:${tenant}:${data.system}:${data.entityType}`,
    ]);
    const paused =
      (await this.connections.find(manager, tenant, data.system))?.paused ?? connection.paused;
    if (paused) {
      await this.hold(manager, target, data.sourceEventId);
      return 'held';
    }
    const since = new Date(Date.now() - this.config.MASS_DELETE_WINDOW_MS);
    const deletes =
      (await this.activity.countSince(manager, { ...key, kind: 'inbound.deleted' }, since)) + 1;
    const [{ live }]: Array<{ live: number }> = await manager.query(
      `SELECT count(*)::int AS live FROM ${TABLE[key.entityType]}
       WHERE tenant_id = $1 AND deleted_at IS NULL`,
      [tenant],
    );
    const window = { deletes, population: live + deletes - 1 };
    if (exceedsMassDeleteLimit(window, this.limits)) {
      await this.trip(manager, connection, key, window);
      await this.hold(manager, target, data.sourceEventId);
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

  private async hold(
    manager: EntityManager,
    target: DeleteTarget,
    sourceEventId: string,
  ): Promise<void> {
    await this.held.hold(manager, {
      tenantId: target.tenantId,
      system: target.system,
      entityType: target.entityType,
      entityId: target.entityId,
      externalId: target.externalId,
      sourceEventId,
      changedAt: target.changedAt.toISOString(),
    });
    await this.activity.record(manager, {
      ...activityOf(target),
      kind: 'inbound.delete-held',
      details: { sourceEventId },
    });
  }

  private async trip(
    manager: EntityManager,
    connection: IntegrationConnection,
    key: LinkKey,
    window: { deletes: number; population: number },
  ): Promise<void> {
    const reason =
      `Mass-delete guard: ${window.deletes} ${key.entityType} deletes from ${key.system} within ` +
      `${Math.round(this.config.MASS_DELETE_WINDOW_MS / 1000)} s would remove more than ` +
      `${this.limits.maxShare * 100}% of ${window.population}; held for review`;
    await this.integrations.changeIn(
      manager,
      key.tenantId,
      key.system,
      {
        actor: MASS_DELETE_GUARD_ACTOR,
        action: 'integration.paused',
        details: { reason, entityType: key.entityType, ...window },
      },
      (current) => ({ ...current, paused: true, pausedReason: reason }),
    );
    await this.activity.record(manager, {
      tenantId: key.tenantId,
      system: key.system,
      entityType: key.entityType,
      kind: 'connection.paused',
      details: { reason, ...window },
    });
    await this.notifications.enqueue(manager, key.tenantId, 'connection.paused', {
      system: key.system,
      connectionId: connection.id,
      reason,
      source: MASS_DELETE_GUARD_ACTOR,
      entityType: key.entityType,
      heldDeletes: `/v1/integrations/${key.system}/held-deletes`,
    });
  }
}
