import {
  type CatalogLink,
  encodeCatalogLinks,
  type EntityType,
  type RecordByEntityType,
  recordsReferencedBy,
} from '@concord/model';
import type { EntityManager } from 'typeorm';

interface LinkRow {
  system: string;
  entity_type: EntityType;
  entity_id: string;
  external_id: string;
}

/**
 * The `x-concord-links` header of a catalog event: what the identity map holds for the record and
 * the records it refers to, in every system. A connector that lost its own links (its compacted
 * state topic, with a broker that lost its data) links them again from it instead of creating a
 * second external record. A record just created through the API has no twin anywhere yet.
 */
export async function catalogLinksHeader<E extends EntityType>(
  manager: EntityManager,
  entityType: E,
  record: RecordByEntityType[E],
  brandNew: boolean,
): Promise<string | undefined> {
  const refs = recordsReferencedBy(entityType, record).filter(
    (ref) => !(brandNew && ref.entityType === entityType && ref.entityId === record.id),
  );
  if (refs.length === 0) return undefined;
  const rows: LinkRow[] = await manager.query(
    `SELECT system, entity_type, entity_id, external_id FROM identity_links
      WHERE tenant_id = $1 AND (entity_type, entity_id) IN (
        SELECT * FROM unnest($2::text[], $3::uuid[]))`,
    [record.tenantId, refs.map((ref) => ref.entityType), refs.map((ref) => ref.entityId)],
  );
  return encodeCatalogLinks(
    rows.map((row): CatalogLink => ({
      system: row.system,
      entityType: row.entity_type,
      entityId: row.entity_id,
      externalId: row.external_id,
    })),
  );
}
