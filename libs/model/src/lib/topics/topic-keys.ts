import type { EntityType, ExternalSystem, TenantId } from '../primitives/primitives.schema';

// Tenant ids cannot contain ":", so the part before the first ":" of any key is its tenant.
const SEPARATOR = ':';

/** Key of catalog.<entity>.v1 and of outcomes: one entity's changes stay in one partition. */
export function catalogEventKey(tenant: TenantId, entityId: string): string {
  return `${tenant}${SEPARATOR}${entityId}`;
}

export function inboundChangeKey(tenant: TenantId, externalId: string): string {
  return `${tenant}${SEPARATOR}${externalId}`;
}

export function syncOutcomeKey(tenant: TenantId, entityId: string): string {
  return `${tenant}${SEPARATOR}${entityId}`;
}

export function connectorStatusKey(tenant: TenantId, connectionId: string): string {
  return `${tenant}${SEPARATOR}${connectionId}`;
}

export function connectorStateKey(tenant: TenantId, connectionId: string, stream: string): string {
  return `${tenant}${SEPARATOR}${connectionId}${SEPARATOR}${stream}`;
}

export function connectionSettingsKey(tenant: TenantId, system: ExternalSystem): string {
  return `${tenant}${SEPARATOR}${system}`;
}

/** The state-topic stream of the link between one catalog record and its external twin. */
export function linkStateStream(entityType: EntityType, entityId: string): string {
  return `link.${entityType}.${entityId}`;
}

/** The state-topic stream of a polling cursor, e.g. cursorStateStream('customer'). */
export function cursorStateStream(name: string): string {
  return `cursor.${name}`;
}

/** The tenant a message key belongs to. */
export function tenantOfKey(key: string): TenantId {
  const index = key.indexOf(SEPARATOR);
  return index < 0 ? key : key.slice(0, index);
}
