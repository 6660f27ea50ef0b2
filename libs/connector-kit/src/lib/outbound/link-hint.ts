import type { EntityType } from '@concord/model';
import { EntityTypes } from '@concord/model';

const MAX_CORRELATION_ID = 128;

/**
 * The correlation id of an inbound change names the external record it came from
 * (`<system>:<entityType>:<externalId>:<nonce>`). catalog-service carries the correlation id onto
 * the catalog event it causes, so when that event comes back here (origin = this system) the
 * connector learns which catalog id the external record got and links them without a search.
 */
export function inboundCorrelationId(
  system: string,
  entityType: EntityType,
  externalId: string,
  nonce: string,
): string | undefined {
  const id = `${system}:${entityType}:${externalId}:${nonce}`;
  return id.length <= MAX_CORRELATION_ID && /^[A-Za-z0-9][A-Za-z0-9._:-]*$/.test(id)
    ? id
    : undefined;
}

/** The external record named by an inbound correlation id of `system`, if it is one. */
export function linkHintFrom(
  correlationId: string,
  system: string,
): { entityType: EntityType; externalId: string } | null {
  const parts = correlationId.split(':');
  if (parts.length < 4 || parts[0] !== system) return null;
  const entityType = parts[1] as EntityType;
  if (!EntityTypes.includes(entityType)) return null;
  const externalId = parts.slice(2, -1).join(':');
  return externalId === '' ? null : { entityType, externalId };
}
