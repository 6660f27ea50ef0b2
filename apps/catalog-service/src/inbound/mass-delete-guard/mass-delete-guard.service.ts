import type { EntityType } from '@concord/model';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { CATALOG_CONFIG } from '../../config/catalog-config.module';
import type { CatalogConfig } from '../../config/catalog-env';
import {
  type IntegrationConnection,
  IntegrationConnectionRepository,
} from '../../integrations/integration-connection.repository';
import { IntegrationsService } from '../../integrations/integrations.service';
import { NotificationsService } from '../../integrations/notifications/notifications.service';
import { ActivityRepository } from '../../sync/activity.repository';
import { activityOf, type DeleteTarget } from '../changes/delete-conflict';
import type { LinkKey } from '../identity-map/identity-link';
import { HeldDeletesRepository } from './held-deletes.repository';
import { exceedsMassDeleteLimit, type MassDeleteLimits } from './mass-delete-threshold';

const TABLE: Record<EntityType, string> = {
  customer: 'customers',
  product: 'products',
  invoice: 'invoices',
};

export const MASS_DELETE_GUARD_ACTOR = 'mass-delete-guard';

/**
 * The mass-delete guard in front of every inbound delete: when one system's deletes of one entity
 * type within MASS_DELETE_WINDOW_MS would exceed MASS_DELETE_MAX_SHARE of the tenant's records of
 * that type (and number at least MASS_DELETE_MIN_COUNT), the connection is paused (audited,
 * republished, the tenant notified) and this and every later delete of the connection is held for
 * an operator until approved or rejected. The deletes counted are the `inbound.deleted` activity
 * rows of the window, this transaction's included (a batch flushes its activity before the count),
 * so a batch trips at exactly the delete one message at a time would.
 */
@Injectable()
export class MassDeleteGuard {
  private readonly limits: MassDeleteLimits;

  constructor(
    @Inject(CATALOG_CONFIG) private readonly config: CatalogConfig,
    private readonly activity: ActivityRepository,
    private readonly held: HeldDeletesRepository,
    private readonly connections: IntegrationConnectionRepository,
    private readonly integrations: IntegrationsService,
    private readonly notifications: NotificationsService,
  ) {
    this.limits = {
      maxShare: Number(config.MASS_DELETE_MAX_SHARE),
      minCount: config.MASS_DELETE_MIN_COUNT,
    };
  }

  /** `pass`: the delete may be applied; `held`: it was stored for an operator instead. */
  async admit(
    manager: EntityManager,
    connection: IntegrationConnection,
    target: DeleteTarget,
    sourceEventId: string,
  ): Promise<'pass' | 'held'> {
    const key: LinkKey = {
      tenantId: target.tenantId,
      system: target.system,
      entityType: target.entityType,
    };
    // One guard decision at a time per tenant, system and type, so concurrent partitions count right.
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
      `mass-delete:${key.tenantId}:${key.system}:${key.entityType}`,
    ]);
    const paused =
      (await this.connections.find(manager, key.tenantId, key.system))?.paused ?? connection.paused;
    if (paused) {
      await this.hold(manager, target, sourceEventId);
      return 'held';
    }
    const since = new Date(Date.now() - this.config.MASS_DELETE_WINDOW_MS);
    const deletes =
      (await this.activity.countSince(manager, { ...key, kind: 'inbound.deleted' }, since)) + 1;
    const [{ live }]: Array<{ live: number }> = await manager.query(
      `SELECT count(*)::int AS live FROM ${TABLE[key.entityType]}
       WHERE tenant_id = $1 AND deleted_at IS NULL`,
      [key.tenantId],
    );
    const window = { deletes, population: live + deletes - 1 };
    if (exceedsMassDeleteLimit(window, this.limits)) {
      await this.trip(manager, connection, key, window);
      await this.hold(manager, target, sourceEventId);
      return 'held';
    }
    return 'pass';
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
