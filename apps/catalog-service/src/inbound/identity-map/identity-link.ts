import type { EntityType } from '@concord/model';

/** A catalog record and its twin in one external system. */
export interface IdentityLink {
  tenantId: string;
  system: string;
  entityType: EntityType;
  entityId: string;
  externalId: string;
  externalVersion: string | null;
  lastSyncedHash: string | null;
  /** The external record's content (canonical fields) as last synced: the conflict baseline. */
  lastSyncedContent: Record<string, unknown> | null;
  /** `changedAt` of the last inbound change applied from the system. */
  lastInboundChangedAt: Date | null;
  /** When the connector last reported writing the record there (its outcome's `occurredAt`). */
  lastWrittenAt: Date | null;
  updatedAt: Date;
}

export interface LinkRow {
  tenant_id: string;
  system: string;
  entity_type: EntityType;
  entity_id: string;
  external_id: string;
  external_version: string | null;
  last_synced_hash: string | null;
  last_synced_content: Record<string, unknown> | null;
  last_inbound_changed_at: Date | null;
  last_written_at: Date | null;
  updated_at: Date;
}

/** The columns an insert names, in the order of its values. */
export const COLUMNS = `tenant_id, system, entity_type, entity_id, external_id, external_version,
  last_synced_hash, last_synced_content, last_inbound_changed_at, updated_at`;

/** The columns a read returns (toLink). */
export const READ_COLUMNS = `${COLUMNS}, last_written_at`;

export function toLink(row: LinkRow): IdentityLink {
  return {
    tenantId: row.tenant_id,
    system: row.system,
    entityType: row.entity_type,
    entityId: row.entity_id,
    externalId: row.external_id,
    externalVersion: row.external_version,
    lastSyncedHash: row.last_synced_hash,
    lastSyncedContent: row.last_synced_content,
    lastInboundChangedAt: row.last_inbound_changed_at,
    lastWrittenAt: row.last_written_at,
    updatedAt: row.updated_at,
  };
}

export interface LinkKey {
  tenantId: string;
  system: string;
  entityType: EntityType;
}

/** An external record: the key of its link by external id. */
export type ExternalKey = LinkKey & { externalId: string };

/** One text key per external record, for maps of them. */
export function externalKeyOf(key: ExternalKey): string {
  return [key.tenantId, key.system, key.entityType, key.externalId].join('\u0000');
}
