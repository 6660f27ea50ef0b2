import type { InboundChange } from '@concord/model';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

import {
  type IntegrationConnection,
  IntegrationConnectionRepository,
} from '../../integrations/integration-connection.repository';
import { ActivityRepository } from '../../sync/activity.repository';
import { InboundDeleteService } from './inbound-delete.service';
import { InboundUpsertService } from './inbound-upsert.service';
import { InboxRepository } from './inbox.repository';

export type InboundResult =
  | 'duplicate'
  | 'ignored'
  | 'stale'
  | 'created'
  | 'linked'
  | 'updated'
  | 'unchanged'
  | 'deleted'
  | 'held'
  | 'conflict';

/** Why a connection takes no inbound change of this type, or null when it does. */
export function ignoreReason(
  connection: IntegrationConnection | null,
  change: InboundChange,
): string | null {
  if (!connection) return 'no connection';
  if (connection.id !== change.data.connectionId) return 'another connection';
  if (!connection.enabled) return 'connection disabled';
  if (connection.direction === 'outbound') return 'connection is outbound only';
  if (!connection.entityTypes.includes(change.data.entityType)) return 'entity type not synced';
  return null;
}

/**
 * Applies one inbound change in one transaction: deduplicated by source event id (the inbox row
 * commits with the effect), resolved through the identity map or matched by key, merged under the
 * connection's conflict policy, and written (with its catalog event, origin = the system) only
 * when the content really changed.
 */
@Injectable()
export class InboundChangeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly inbox: InboxRepository,
    private readonly connections: IntegrationConnectionRepository,
    private readonly upserts: InboundUpsertService,
    private readonly deletes: InboundDeleteService,
    private readonly activity: ActivityRepository,
  ) {}

  /** One change in its own transaction (claiming its inbox row first). */
  async apply(change: InboundChange): Promise<InboundResult> {
    const { tenant, data } = change;
    return this.dataSource.transaction(async (manager) => {
      const inboxKey = { tenantId: tenant, system: data.system, sourceEventId: data.sourceEventId };
      if (!(await this.inbox.claim(manager, tenant, data.system, data.sourceEventId))) {
        return 'duplicate';
      }
      const connection = await this.connections.find(manager, tenant, data.system);
      const result = await this.applyClaimed(manager, change, connection);
      await this.inbox.setResult(manager, inboxKey, { result });
      return result;
    });
  }

  /**
   * The effect of a change whose inbox row the caller's transaction claimed (the caller records
   * the result there), given the connection of its tenant and system.
   */
  async applyClaimed(
    manager: EntityManager,
    change: InboundChange,
    connection: IntegrationConnection | null,
  ): Promise<InboundResult> {
    const { tenant, data } = change;
    const reason = ignoreReason(connection, change);
    if (reason !== null || connection === null) {
      await this.activity.record(manager, {
        tenantId: tenant,
        system: data.system,
        kind: 'inbound.ignored',
        entityType: data.entityType,
        externalId: data.externalId,
        details: { sourceEventId: data.sourceEventId, changedAt: data.changedAt, reason },
      });
      return 'ignored';
    }
    if (data.operation === 'delete') return this.deletes.apply(manager, change, connection);
    return this.upserts.apply(manager, change, connection);
  }
}
