import type { ConnectionSettings, EntityType, SyncDirection } from '@concord/model';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** One row of integration_connections: a tenant's connection to one external system. */
export interface IntegrationConnection {
  id: string;
  tenantId: string;
  system: string;
  enabled: boolean;
  paused: boolean;
  pausedReason: string | null;
  direction: SyncDirection;
  entityTypes: EntityType[];
  fieldMappings: ConnectionSettings['fieldMappings'];
  matchingKeys: ConnectionSettings['matchingKeys'];
  conflictPolicy: ConnectionSettings['conflictPolicy'];
  /** `enc:v1:...` (AES-256-GCM, AAD `tenant:system`); never leaves the service in clear. */
  credentialsEncrypted: string | null;
  credentialsUpdatedAt: Date | null;
  settings: ConnectionSettings['settings'];
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

interface ConnectionRow {
  id: string;
  tenant_id: string;
  system: string;
  enabled: boolean;
  paused: boolean;
  paused_reason: string | null;
  direction: SyncDirection;
  entity_types: EntityType[];
  field_mappings: unknown;
  matching_keys: ConnectionSettings['matchingKeys'] | null;
  conflict_policy: Partial<ConnectionSettings['conflictPolicy']> | null;
  credentials_encrypted: string | null;
  credentials_updated_at: Date | null;
  settings: ConnectionSettings['settings'] | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id, tenant_id, system, enabled, paused, paused_reason, direction, entity_types,
  field_mappings, matching_keys, conflict_policy, credentials_encrypted, credentials_updated_at,
  settings, version, created_at, updated_at`;

function toConnection(row: ConnectionRow): IntegrationConnection {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    system: row.system,
    enabled: row.enabled,
    paused: row.paused,
    pausedReason: row.paused_reason,
    direction: row.direction,
    entityTypes: row.entity_types,
    // The initial schema defaults this column to '{}'; the model's mappings are a list.
    fieldMappings: Array.isArray(row.field_mappings)
      ? (row.field_mappings as ConnectionSettings['fieldMappings'])
      : [],
    matchingKeys: row.matching_keys ?? {},
    conflictPolicy: {
      default: row.conflict_policy?.default ?? 'last-writer-wins',
      fieldOwners: row.conflict_policy?.fieldOwners ?? [],
    },
    credentialsEncrypted: row.credentials_encrypted,
    credentialsUpdatedAt: row.credentials_updated_at,
    settings: row.settings ?? {},
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function values(connection: IntegrationConnection): unknown[] {
  return [
    connection.id,
    connection.tenantId,
    connection.system,
    connection.enabled,
    connection.paused,
    connection.pausedReason,
    connection.direction,
    connection.entityTypes,
    JSON.stringify(connection.fieldMappings),
    JSON.stringify(connection.matchingKeys),
    JSON.stringify(connection.conflictPolicy),
    connection.credentialsEncrypted,
    connection.credentialsUpdatedAt,
    JSON.stringify(connection.settings),
    connection.version,
    connection.createdAt,
    connection.updatedAt,
  ];
}

@Injectable()
export class IntegrationConnectionRepository {
  /**
   * The tenant's connection to `system`, locked for update when `lock` is set. The lock is also
   * taken when there is no row yet (a transaction advisory lock on tenant and system), so two
   * concurrent creates of one connection run one after the other: the second replaces what the
   * first created instead of failing on the unique key.
   */
  async find(
    manager: EntityManager,
    tenantId: string,
    system: string,
    options: { lock?: boolean } = {},
  ): Promise<IntegrationConnection | null> {
    if (options.lock) {
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
        `integration_connections:${tenantId}:${system}`,
      ]);
    }
    const rows: ConnectionRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM integration_connections WHERE tenant_id = $1 AND system = $2
       ${options.lock ? 'FOR UPDATE' : ''}`,
      [tenantId, system],
    );
    return rows[0] ? toConnection(rows[0]) : null;
  }

  async list(manager: EntityManager, tenantId: string): Promise<IntegrationConnection[]> {
    const rows: ConnectionRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM integration_connections WHERE tenant_id = $1 ORDER BY system`,
      [tenantId],
    );
    return rows.map(toConnection);
  }

  /**
   * Every connection of every tenant (of one system, when given), in a stable order (to publish
   * them all again).
   */
  async all(manager: EntityManager, system?: string): Promise<IntegrationConnection[]> {
    const rows: ConnectionRow[] =
      system === undefined
        ? await manager.query(
            `SELECT ${COLUMNS} FROM integration_connections ORDER BY tenant_id, system`,
          )
        : await manager.query(
            `SELECT ${COLUMNS} FROM integration_connections WHERE system = $1 ORDER BY tenant_id`,
            [system],
          );
    return rows.map(toConnection);
  }

  /** Ids of every connection, in a stable order (for the key rotation command). */
  async allIds(manager: EntityManager): Promise<Array<{ tenantId: string; system: string }>> {
    const rows: Array<{ tenant_id: string; system: string }> = await manager.query(
      'SELECT tenant_id, system FROM integration_connections ORDER BY tenant_id, system',
    );
    return rows.map((row) => ({ tenantId: row.tenant_id, system: row.system }));
  }

  async insert(manager: EntityManager, connection: IntegrationConnection): Promise<void> {
    await manager.query(
      `INSERT INTO integration_connections (${COLUMNS})
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
      values(connection),
    );
  }

  async update(manager: EntityManager, connection: IntegrationConnection): Promise<void> {
    await manager.query(
      `UPDATE integration_connections SET
         tenant_id = $2, system = $3, enabled = $4, paused = $5, paused_reason = $6,
         direction = $7, entity_types = $8, field_mappings = $9, matching_keys = $10,
         conflict_policy = $11, credentials_encrypted = $12, credentials_updated_at = $13,
         settings = $14, version = $15, created_at = $16, updated_at = $17
       WHERE id = $1`,
      values(connection),
    );
  }

  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.query('DELETE FROM integration_connections WHERE id = $1', [id]);
  }
}
