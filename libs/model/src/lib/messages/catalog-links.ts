import { type EntityType, EntityTypes } from '../primitives/primitives.schema';
import type { RecordByEntityType } from '../records/entity-schemas';
import { MessageHeaders } from './message-headers';

/** A catalog record, by type and id. */
export interface CatalogRecordRef {
  entityType: EntityType;
  entityId: string;
}

/** One entry of the catalog's identity map: a record and its twin in one system. */
export interface CatalogLink extends CatalogRecordRef {
  system: string;
  externalId: string;
}

/** The record itself and the records it refers to (an invoice's customer and line products). */
export function recordsReferencedBy<E extends EntityType>(
  entityType: E,
  record: RecordByEntityType[E],
): CatalogRecordRef[] {
  const refs: CatalogRecordRef[] = [{ entityType, entityId: record.id }];
  if (entityType !== 'invoice') return refs;
  const invoice = record as RecordByEntityType['invoice'];
  refs.push({ entityType: 'customer', entityId: invoice.customerId });
  const products = new Set(invoice.lines.flatMap((line) => line.productId ?? []));
  for (const productId of products) refs.push({ entityType: 'product', entityId: productId });
  return refs;
}

/**
 * The `x-concord-links` header value: `{ "<system>": { "<entityType>:<entityId>": "<externalId>" } }`,
 * or undefined when the identity map holds none.
 */
export function encodeCatalogLinks(links: readonly CatalogLink[]): string | undefined {
  if (links.length === 0) return undefined;
  const bySystem: Record<string, Record<string, string>> = {};
  for (const link of links) {
    const system = (bySystem[link.system] ??= {});
    system[`${link.entityType}:${link.entityId}`] = link.externalId;
  }
  return JSON.stringify(bySystem);
}

/** The links of one system a catalog event's headers carry (none when absent or unreadable). */
export function catalogLinksFor(
  headers: Readonly<Record<string, string | undefined>>,
  system: string,
): CatalogLink[] {
  const raw = headers[MessageHeaders.links];
  if (raw === undefined) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return [];
  }
  const ofSystem = (parsed as Record<string, unknown> | null)?.[system];
  if (typeof ofSystem !== 'object' || ofSystem === null) return [];
  const links: CatalogLink[] = [];
  for (const [ref, externalId] of Object.entries(ofSystem)) {
    const separator = ref.indexOf(':');
    const entityType = ref.slice(0, separator) as EntityType;
    const entityId = ref.slice(separator + 1);
    if (separator < 0 || !EntityTypes.includes(entityType) || entityId === '') continue;
    if (typeof externalId !== 'string' || externalId === '') continue;
    links.push({ system, entityType, entityId, externalId });
  }
  return links;
}
