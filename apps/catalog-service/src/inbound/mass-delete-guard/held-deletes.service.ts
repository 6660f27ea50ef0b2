import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

import { IntegrationsService } from '../../integrations/integrations.service';
import { RecordWriters } from '../../records/record-writers';
import { ActivityRepository } from '../../sync/activity.repository';
import { InboundDeleteService } from '../changes/inbound-delete.service';
import { IdentityLinkRepository } from '../identity-map/identity-link.repository';
import { type HeldDelete, HeldDeletesRepository } from './held-deletes.repository';

export interface HeldDeletesDecision {
  approved?: number;
  rejected?: number;
  /** Held deletes no longer applicable: the record is gone, or the system changed it since. */
  skipped: number;
}

/**
 * An operator's review of the deletes the mass-delete guard held: approving applies them (each
 * still checked for staleness) and resumes the connection; rejecting drops them and resumes it.
 * Either way in one transaction, audited and republished.
 */
@Injectable()
export class HeldDeletesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly held: HeldDeletesRepository,
    private readonly links: IdentityLinkRepository,
    private readonly store: RecordWriters,
    private readonly deletes: InboundDeleteService,
    private readonly integrations: IntegrationsService,
    private readonly activity: ActivityRepository,
  ) {}

  async list(tenantId: string, system: string): Promise<HeldDelete[]> {
    await this.integrations.get(tenantId, system);
    return this.held.held(this.dataSource.manager, tenantId, system);
  }

  async approve(actor: string, tenantId: string, system: string): Promise<HeldDeletesDecision> {
    return this.dataSource.transaction(async (manager) => {
      let approved = 0;
      let skipped = 0;
      for (const held of await this.held.held(manager, tenantId, system, { lock: true })) {
        const key = { tenantId, system, entityType: held.entityType };
        const link = await this.links.findByEntityId(manager, key, held.entityId);
        const record = await this.store.lock(manager, held.entityType, tenantId, held.entityId);
        const changedAt = new Date(held.changedAt);
        const overtaken =
          link?.lastInboundChangedAt !== undefined &&
          link.lastInboundChangedAt !== null &&
          link.lastInboundChangedAt > changedAt;
        if (!record || record.deletedAt !== null || overtaken) {
          await this.held.resolve(manager, held.id, 'skipped', actor);
          skipped += 1;
          continue;
        }
        await this.deletes.remove(
          manager,
          { ...key, entityId: held.entityId, externalId: held.externalId, changedAt },
          'held-deletes.approved',
          { sourceEventId: held.sourceEventId, approvedBy: actor },
        );
        await this.held.resolve(manager, held.id, 'approved', actor);
        approved += 1;
      }
      await this.resume(manager, actor, tenantId, system, 'integration.held-deletes-approved', {
        approved,
        skipped,
      });
      return { approved, skipped };
    });
  }

  async reject(actor: string, tenantId: string, system: string): Promise<HeldDeletesDecision> {
    return this.dataSource.transaction(async (manager) => {
      const held = await this.held.held(manager, tenantId, system, { lock: true });
      for (const entry of held) await this.held.resolve(manager, entry.id, 'rejected', actor);
      await this.activity.record(manager, {
        tenantId,
        system,
        kind: 'held-deletes.rejected',
        details: { rejected: held.length, rejectedBy: actor },
      });
      await this.resume(manager, actor, tenantId, system, 'integration.held-deletes-rejected', {
        rejected: held.length,
      });
      return { rejected: held.length, skipped: 0 };
    });
  }

  private async resume(
    manager: Parameters<IntegrationsService['changeIn']>[0],
    actor: string,
    tenantId: string,
    system: string,
    action: string,
    details: Record<string, unknown>,
  ): Promise<void> {
    await this.integrations.changeIn(
      manager,
      tenantId,
      system,
      { actor, action, details },
      (current) => ({
        ...current,
        paused: false,
        pausedReason: null,
      }),
    );
  }
}
