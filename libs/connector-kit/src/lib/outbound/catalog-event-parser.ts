import { ValidationError, ValidationErrorCode } from '@concord/errors';
import {
  type CatalogEvent,
  CatalogEventSchemas,
  type EntityType,
  EntityTypes,
  parseMessage,
} from '@concord/model';

/** A catalog event read from a catalog topic or the connector's retry topic. */
export interface ParsedCatalogEvent {
  entityType: EntityType;
  event: CatalogEvent;
}

/** Parses and validates a catalog event; anything else is a ValidationError (dead letter). */
export function parseCatalogEvent(value: Buffer | null): ParsedCatalogEvent {
  let json: unknown;
  try {
    json = value === null ? null : (JSON.parse(value.toString('utf8')) as unknown);
  } catch {
    json = undefined;
  }
  const type =
    json !== null && typeof json === 'object' ? (json as { type?: unknown }).type : undefined;
  const entityType = typeof type === 'string' ? (type.split('.')[2] as EntityType) : undefined;
  if (
    !entityType ||
    !EntityTypes.includes(entityType) ||
    !String(type).startsWith('concord.catalog.')
  ) {
    throw new ValidationError(ValidationErrorCode.INVALID_MESSAGE, 'Not a catalog event', [
      { field: 'type', message: 'expected concord.catalog.<entity>.<operation>' },
    ]);
  }
  return { entityType, event: parseMessage(CatalogEventSchemas[entityType], json) as CatalogEvent };
}
