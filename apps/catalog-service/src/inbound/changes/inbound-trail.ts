import type { EntityType, InboundChange } from '@concord/model';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { ActivityRepository } from '../../sync/activity.repository';
import type { IdentityLink, LinkKey } from '../identity-map/identity-link';
import { IdentityLinkRepository } from '../identity-map/identity-link.repository';

/** The record key of an entity of the link key's tenant and type. */
export function recordKeyOf(
  key: LinkKey,
  entityId: string,
): { tenantId: string; entityType: EntityType; entityId: string } {
  return { tenantId: key.tenantId, entityType: key.entityType, entityId };
}

/** What an applied inbound upsert leaves besides the record: its link and its activity. */
@Injectable()
export class InboundTrail {
  constructor(
    private readonly links: IdentityLinkRepository,
    private readonly activity: ActivityRepository,
  ) {}

  /** The baseline becomes the external record as now reported (earlier fields kept). */
  async saveLink(
    manager: EntityManager,
    change: InboundChange,
    key: LinkKey,
    entityId: string,
    link: IdentityLink | null,
    reported: Record<string, unknown>,
    hash: string | null,
  ): Promise<void> {
    const changedAt = new Date(change.data.changedAt);
    const previous = link?.lastInboundChangedAt;
    await this.links.saveInbound(manager, {
      ...key,
      entityId,
      externalId: change.data.externalId,
      externalVersion: change.data.externalVersion,
      lastSyncedHash: hash,
      lastSyncedContent: { ...(link?.lastSyncedContent ?? {}), ...reported },
      lastInboundChangedAt: previous && previous > changedAt ? previous : changedAt,
    });
  }

  async record(
    manager: EntityManager,
    change: InboundChange,
    kind: Parameters<ActivityRepository['record']>[1]['kind'],
    entityId: string | null,
    details: Record<string, unknown>,
  ): Promise<void> {
    await this.activity.record(manager, {
      tenantId: change.tenant,
      system: change.data.system,
      kind,
      entityType: change.data.entityType,
      entityId,
      externalId: change.data.externalId,
      details: {
        sourceEventId: change.data.sourceEventId,
        changedAt: change.data.changedAt,
        ...details,
      },
    });
  }
}
