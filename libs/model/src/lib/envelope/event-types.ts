import { type EntityType, EntityTypes } from '../primitives/primitives.schema';

export const CatalogOperations = ['created', 'updated', 'deleted'] as const;
export type CatalogOperation = (typeof CatalogOperations)[number];

export const InboundOperations = ['upsert', 'delete'] as const;
export type InboundOperation = (typeof InboundOperations)[number];

export const SyncOutcomeStatuses = ['synced', 'skipped', 'failed'] as const;
export type SyncOutcomeStatus = (typeof SyncOutcomeStatuses)[number];

export type CatalogEventType<E extends EntityType = EntityType> =
  `concord.catalog.${E}.${CatalogOperation}`;
export type InboundChangeType<E extends EntityType = EntityType> =
  `concord.connector.inbound.${E}.${'upserted' | 'deleted'}`;
export type SyncOutcomeType<E extends EntityType = EntityType> =
  `concord.connector.outcome.${E}.${SyncOutcomeStatus}`;

export const CONNECTOR_STATUS_TYPE = 'concord.connector.status.reported' as const;

export function catalogEventType<E extends EntityType, O extends CatalogOperation>(
  entityType: E,
  operation: O,
): `concord.catalog.${E}.${O}` {
  return `concord.catalog.${entityType}.${operation}`;
}

export function inboundChangeType<E extends EntityType>(
  entityType: E,
  operation: InboundOperation,
): InboundChangeType<E> {
  return `concord.connector.inbound.${entityType}.${operation === 'upsert' ? 'upserted' : 'deleted'}`;
}

export function syncOutcomeType<E extends EntityType, S extends SyncOutcomeStatus>(
  entityType: E,
  status: S,
): `concord.connector.outcome.${E}.${S}` {
  return `concord.connector.outcome.${entityType}.${status}`;
}

export const CatalogEventTypes = EntityTypes.flatMap((entityType) =>
  CatalogOperations.map((operation) => catalogEventType(entityType, operation)),
) as CatalogEventType[];

export const InboundChangeTypes = EntityTypes.flatMap((entityType) =>
  InboundOperations.map((operation) => inboundChangeType(entityType, operation)),
) as InboundChangeType[];

export const SyncOutcomeTypes = EntityTypes.flatMap((entityType) =>
  SyncOutcomeStatuses.map((status) => syncOutcomeType(entityType, status)),
) as SyncOutcomeType[];
