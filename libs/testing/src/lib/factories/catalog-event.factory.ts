import {
  CATALOG_EVENT_SOURCE,
  type CatalogEvent,
  catalogEventType,
  type CatalogOperation,
  ContentSchemas,
  createEnvelope,
  type EntityType,
  type Origin,
  type RecordByEntityType,
} from '@concord/model';

import { aRecord } from './record.factory';
import { nowIso } from './tenant.factory';

export interface CatalogEventOverrides<E extends EntityType> {
  operation?: CatalogOperation;
  /** Fields of the entity snapshot; `tenantId` here also sets the event's tenant. */
  entity?: Partial<RecordByEntityType[E]>;
  changedFields?: string[];
  origin?: Origin;
  id?: string;
  time?: string;
  correlationId?: string;
}

const typicalUpdate: Record<EntityType, string[]> = {
  customer: ['name'],
  product: ['name'],
  invoice: ['status'],
};

function defaultChangedFields(entityType: EntityType, operation: CatalogOperation): string[] {
  if (operation === 'created') return Object.keys(ContentSchemas[entityType].properties);
  return operation === 'updated' ? typicalUpdate[entityType] : [];
}

/** A valid catalog event: envelope, type, subject, tenant and version agree with the entity. */
export function aCatalogEvent<E extends EntityType>(
  entityType: E,
  overrides: CatalogEventOverrides<E> = {},
): CatalogEvent<E> {
  const operation = overrides.operation ?? 'updated';
  const entity = aRecord(entityType, {
    ...(operation === 'deleted' ? { deletedAt: nowIso() } : {}),
    ...(operation === 'created' ? {} : { version: 2 }),
    ...overrides.entity,
  } as Partial<RecordByEntityType[E]>);
  const event = createEnvelope({
    id: overrides.id,
    time: overrides.time,
    source: CATALOG_EVENT_SOURCE,
    type: catalogEventType(entityType, operation),
    subject: entity.id,
    tenant: entity.tenantId,
    origin: overrides.origin ?? 'catalog',
    entityVersion: entity.version,
    correlationId: overrides.correlationId,
    data: {
      operation,
      entity,
      changedFields: overrides.changedFields ?? defaultChangedFields(entityType, operation),
    },
  });
  return event as unknown as CatalogEvent<E>;
}
