import { COMPUTED_HEADER_FIRST_PARAM, type ComputedHeader } from '@concord/catalog-outbox';
import {
  type EntityType,
  MessageHeaders,
  type RecordByEntityType,
  recordsReferencedBy,
} from '@concord/model';

const [TENANT, TYPES, IDS] = [0, 1, 2].map((i) => `$${COMPUTED_HEADER_FIRST_PARAM + i}`);

/**
 * The `x-concord-links` header of a catalog event (`encodeCatalogLinks`' shape:
 * `{ "<system>": { "<entityType>:<entityId>": "<externalId>" } }`): what the identity map holds
 * for the record and the records it refers to, in every system. A connector that lost its own
 * links (its compacted state topic, with a broker that lost its data) links them again from it
 * instead of creating a second external record. The database reads the identity map in the
 * outbox row's own INSERT, so the header costs no round trip. A record just created has no link
 * of its own yet (`brandNew`): only the records it refers to are looked up.
 */
export function catalogLinksHeader<E extends EntityType>(
  entityType: E,
  record: RecordByEntityType[E],
  brandNew: boolean,
): ComputedHeader | undefined {
  const refs = recordsReferencedBy(entityType, record).filter(
    (ref) => !(brandNew && ref.entityType === entityType && ref.entityId === record.id),
  );
  if (refs.length === 0) return undefined;
  return {
    name: MessageHeaders.links,
    valueSql: `SELECT jsonb_object_agg(system, refs)::text FROM (
        SELECT system, jsonb_object_agg(entity_type || ':' || entity_id::text, external_id) AS refs
        FROM identity_links
        WHERE tenant_id = ${TENANT}
          AND (entity_type, entity_id) IN (SELECT * FROM unnest(${TYPES}::text[], ${IDS}::uuid[]))
        GROUP BY system) AS per_system`,
    params: [record.tenantId, refs.map((ref) => ref.entityType), refs.map((ref) => ref.entityId)],
  };
}
