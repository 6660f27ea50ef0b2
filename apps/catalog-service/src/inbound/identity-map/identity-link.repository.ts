import type { EntityType } from '@concord/model';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { preparedQuery } from '../../database/prepared-query';
import {
  COLUMNS,
  type ExternalKey,
  externalKeyOf,
  type IdentityLink,
  type LinkKey,
  type LinkRow,
  READ_COLUMNS,
  toLink,
} from './identity-link';

/** The identity map: (tenant, system, entity type, external id) <-> catalog record. */
@Injectable()
export class IdentityLinkRepository {
  /** Per batch transaction: the links read at its start, until one of them is written. */
  private readonly prefetched = new WeakMap<EntityManager, Map<string, IdentityLink | null>>();

  /**
   * The links of many external records in one query (`lock`: locked until the transaction ends,
   * in a stable order), by `externalKeyOf`; records without a link are absent from the map.
   */
  async readByExternalIds(
    manager: EntityManager,
    keys: readonly ExternalKey[],
    lock: boolean,
  ): Promise<Map<string, IdentityLink>> {
    if (keys.length === 0) return new Map();
    const rows: LinkRow[] = await manager.query(
      `SELECT ${READ_COLUMNS.replace(/(\w+)/g, 'l.$1')} FROM identity_links l
       JOIN unnest($1::text[], $2::text[], $3::text[], $4::text[])
         AS k(tenant_id, system, entity_type, external_id)
         USING (tenant_id, system, entity_type, external_id)
       ORDER BY l.tenant_id, l.system, l.entity_type, l.entity_id
       ${lock ? 'FOR UPDATE OF l' : ''}`,
      [
        keys.map((key) => key.tenantId),
        keys.map((key) => key.system),
        keys.map((key) => key.entityType),
        keys.map((key) => key.externalId),
      ],
    );
    return new Map(rows.map((row) => [externalKeyOf(toLink(row) as ExternalKey), toLink(row)]));
  }

  /**
   * Reads and locks the links of a batch's external records in one query; `findByExternalId` in
   * the same transaction answers from it until that link is written (`endPrefetch` drops it).
   */
  async prefetch(
    manager: EntityManager,
    keys: readonly ExternalKey[],
  ): Promise<Map<string, IdentityLink>> {
    const found = await this.readByExternalIds(manager, keys, true);
    this.prefetched.set(
      manager,
      new Map(keys.map((key) => [externalKeyOf(key), found.get(externalKeyOf(key)) ?? null])),
    );
    return found;
  }

  endPrefetch(manager: EntityManager): void {
    this.prefetched.delete(manager);
  }

  /** The link of an external record, locked until the transaction ends. */
  findByExternalId(
    manager: EntityManager,
    key: LinkKey,
    externalId: string,
  ): Promise<IdentityLink | null> {
    const cached = this.prefetched.get(manager);
    const cacheKey = externalKeyOf({ ...key, externalId });
    if (cached?.has(cacheKey)) return Promise.resolve(cached.get(cacheKey) ?? null);
    return this.findLocked(manager, key, 'external_id', externalId);
  }

  /** A written link is read from the database again (by either of its ids). */
  private forget(manager: EntityManager, written: ExternalKey & { entityId: string }): void {
    const cached = this.prefetched.get(manager);
    if (!cached) return;
    cached.delete(externalKeyOf(written));
    for (const [cacheKey, link] of cached) {
      if (
        link &&
        link.tenantId === written.tenantId &&
        link.system === written.system &&
        link.entityType === written.entityType &&
        link.entityId === written.entityId
      ) {
        cached.delete(cacheKey);
      }
    }
  }

  /** The link of a catalog record in one system, locked until the transaction ends. */
  findByEntityId(
    manager: EntityManager,
    key: LinkKey,
    entityId: string,
  ): Promise<IdentityLink | null> {
    return this.findLocked(manager, key, 'entity_id', entityId);
  }

  private async findLocked(
    manager: EntityManager,
    key: LinkKey,
    column: 'external_id' | 'entity_id',
    value: string,
  ): Promise<IdentityLink | null> {
    const rows: LinkRow[] = await manager.query(
      `SELECT ${READ_COLUMNS} FROM identity_links
       WHERE tenant_id = $1 AND system = $2 AND entity_type = $3 AND ${column} = $4
       FOR UPDATE`,
      [key.tenantId, key.system, key.entityType, value],
    );
    return rows[0] ? toLink(rows[0]) : null;
  }

  /** Every link of one record, across systems. */
  async linksOfEntity(
    manager: EntityManager,
    tenantId: string,
    entityType: EntityType,
    entityId: string,
  ): Promise<IdentityLink[]> {
    const rows: LinkRow[] = await manager.query(
      `SELECT ${READ_COLUMNS} FROM identity_links
       WHERE tenant_id = $1 AND entity_type = $2 AND entity_id = $3 ORDER BY system`,
      [tenantId, entityType, entityId],
    );
    return rows.map(toLink);
  }

  /** Catalog ids of the given external ids that are linked (external id -> entity id). */
  async entityIdsOf(
    manager: EntityManager,
    key: LinkKey,
    externalIds: readonly string[],
  ): Promise<Map<string, string>> {
    if (externalIds.length === 0) return new Map();
    const rows: Array<{ external_id: string; entity_id: string }> = await manager.query(
      `SELECT external_id, entity_id FROM identity_links
       WHERE tenant_id = $1 AND system = $2 AND entity_type = $3 AND external_id = ANY($4::text[])`,
      [key.tenantId, key.system, key.entityType, [...new Set(externalIds)]],
    );
    return new Map(rows.map((row) => [row.external_id, row.entity_id]));
  }

  /** Whether the record is linked to some external record of the system already. */
  async isLinked(manager: EntityManager, key: LinkKey, entityId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM identity_links
       WHERE tenant_id = $1 AND system = $2 AND entity_type = $3 AND entity_id = $4`,
      [key.tenantId, key.system, key.entityType, entityId],
    );
    return rows.length > 0;
  }

  /** Records what an applied inbound change left: the baseline and the staleness mark. */
  async saveInbound(
    manager: EntityManager,
    link: Omit<IdentityLink, 'updatedAt' | 'lastWrittenAt'>,
  ): Promise<void> {
    this.forget(manager, link);
    await preparedQuery(
      manager,
      `INSERT INTO identity_links (${COLUMNS})
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())
       ON CONFLICT (tenant_id, system, entity_type, entity_id) DO UPDATE SET
         external_id = EXCLUDED.external_id,
         external_version = COALESCE(EXCLUDED.external_version, identity_links.external_version),
         last_synced_hash = EXCLUDED.last_synced_hash,
         last_synced_content = EXCLUDED.last_synced_content,
         last_inbound_changed_at = EXCLUDED.last_inbound_changed_at,
         updated_at = now()`,
      [
        link.tenantId,
        link.system,
        link.entityType,
        link.entityId,
        link.externalId,
        link.externalVersion,
        link.lastSyncedHash,
        link.lastSyncedContent === null ? null : JSON.stringify(link.lastSyncedContent),
        link.lastInboundChangedAt,
      ],
    );
  }

  /** Removes a record's link in one system (its external record is another's now). */
  async unlink(manager: EntityManager, key: LinkKey, entityId: string): Promise<void> {
    const cached = this.prefetched.get(manager);
    if (cached) this.forget(manager, { ...key, entityId, externalId: '' });
    await manager.query(
      `DELETE FROM identity_links
       WHERE tenant_id = $1 AND system = $2 AND entity_type = $3 AND entity_id = $4`,
      [key.tenantId, key.system, key.entityType, entityId],
    );
  }

  /** Records what an outbound write produced; the inbound staleness mark is left alone. */
  async saveOutcome(
    manager: EntityManager,
    link: Pick<IdentityLink, 'tenantId' | 'system' | 'entityType' | 'entityId' | 'externalId'> & {
      externalVersion: string | null;
      lastSyncedHash: string | null;
      /** null keeps the current baseline (the content written is not known). */
      lastSyncedContent: Record<string, unknown> | null;
      /** When the write finished (null: nothing was written); the mark never moves back. */
      writtenAt: Date | null;
    },
  ): Promise<void> {
    this.forget(manager, link);
    await preparedQuery(
      manager,
      `INSERT INTO identity_links (${COLUMNS}, last_written_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, now(), $9)
       ON CONFLICT (tenant_id, system, entity_type, entity_id) DO UPDATE SET
         external_id = EXCLUDED.external_id,
         external_version = COALESCE(EXCLUDED.external_version, identity_links.external_version),
         last_synced_hash = COALESCE(EXCLUDED.last_synced_hash, identity_links.last_synced_hash),
         last_synced_content =
           COALESCE(EXCLUDED.last_synced_content, identity_links.last_synced_content),
         last_written_at = GREATEST(identity_links.last_written_at, EXCLUDED.last_written_at),
         updated_at = now()`,
      [
        link.tenantId,
        link.system,
        link.entityType,
        link.entityId,
        link.externalId,
        link.externalVersion,
        link.lastSyncedHash,
        link.lastSyncedContent === null ? null : JSON.stringify(link.lastSyncedContent),
        link.writtenAt,
      ],
    );
  }
}
