import type { EntityType } from '@concord/model';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import type { LinkKey } from './identity-link';

const TABLE: Record<EntityType, string> = {
  customer: 'customers',
  product: 'products',
  invoice: 'invoices',
};

/** The SQL comparison of each field a matching key may name (emails ignore case). */
const MATCHERS: Record<EntityType, Record<string, string>> = {
  customer: { email: 'lower(r.email) = lower($2)', name: 'r.name = $2', phone: 'r.phone = $2' },
  product: { sku: 'r.sku = $2', name: 'r.name = $2' },
  invoice: { number: 'r.number = $2' },
};

/** `r` is linked to no record of system $3 (entity type $4) in its tenant. */
const UNLINKED_IN_SYSTEM = `NOT EXISTS (
  SELECT 1 FROM identity_links l
  WHERE l.tenant_id = r.tenant_id AND l.system = $3 AND l.entity_type = $4
    AND l.entity_id = r.id
)`;

/**
 * Finds the local record an external record not yet in the identity map is the twin of: the one
 * whose catalog id it carries (Concord wrote it there), else by the connection's matching keys in
 * order (e.g. customer email): the first key with a value that matches a record not linked to
 * another record of the same system wins.
 */
@Injectable()
export class RecordMatcher {
  /**
   * The record of `catalogId` (deleted or not) when it exists in the tenant and no other record
   * of the same system is linked to it; else null.
   */
  async carried(manager: EntityManager, key: LinkKey, catalogId: string): Promise<string | null> {
    const rows: Array<{ id: string }> = await manager.query(
      `SELECT r.id FROM ${TABLE[key.entityType]} r
       WHERE r.tenant_id = $1 AND r.id = $2 AND ${UNLINKED_IN_SYSTEM}`,
      [key.tenantId, catalogId, key.system, key.entityType],
    );
    return rows[0]?.id ?? null;
  }

  async find(
    manager: EntityManager,
    key: LinkKey,
    matchingKeys: readonly string[],
    reported: Readonly<Record<string, unknown>>,
  ): Promise<string | null> {
    for (const field of matchingKeys) {
      const condition = MATCHERS[key.entityType][field];
      const value = reported[field];
      if (condition === undefined || typeof value !== 'string' || value === '') continue;
      const rows: Array<{ id: string }> = await manager.query(
        `SELECT r.id FROM ${TABLE[key.entityType]} r
         WHERE r.tenant_id = $1 AND r.deleted_at IS NULL AND ${condition}
           AND ${UNLINKED_IN_SYSTEM}
         ORDER BY r.created_at, r.id LIMIT 1`,
        [key.tenantId, value, key.system, key.entityType],
      );
      if (rows[0]) return rows[0].id;
    }
    return null;
  }
}
