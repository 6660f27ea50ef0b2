import { secretKeyId } from '@concord/auth';
import { type ConnectionSettings, type EntityType } from '@concord/model';

import type { IntegrationConnection } from './integration-connection.repository';

/** Matching keys used for an entity type the connection configures none for. */
export const DEFAULT_MATCHING_KEYS: Readonly<Record<EntityType, readonly string[]>> = {
  customer: ['email'],
  product: ['sku'],
  invoice: ['number'],
};

/** What the API shows of a connection: credentials only as "set, under which key, since when". */
export interface IntegrationView {
  system: string;
  connectionId: string;
  enabled: boolean;
  paused: boolean;
  pausedReason: string | null;
  direction: ConnectionSettings['direction'];
  entityTypes: EntityType[];
  fieldMappings: ConnectionSettings['fieldMappings'];
  matchingKeys: ConnectionSettings['matchingKeys'];
  conflictPolicy: ConnectionSettings['conflictPolicy'];
  settings: ConnectionSettings['settings'];
  credentials: { set: boolean; keyId: string | null; updatedAt: string | null };
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** The message published on integration.connections.v1: credentials stay encrypted. */
export function toConnectionSettings(connection: IntegrationConnection): ConnectionSettings {
  return {
    tenant: connection.tenantId,
    system: connection.system,
    connectionId: connection.id,
    enabled: connection.enabled,
    paused: connection.paused,
    pausedReason: connection.pausedReason,
    direction: connection.direction,
    entityTypes: connection.entityTypes,
    fieldMappings: connection.fieldMappings,
    matchingKeys: connection.matchingKeys,
    conflictPolicy: connection.conflictPolicy,
    credentials: connection.credentialsEncrypted,
    settings: connection.settings,
    version: connection.version,
    updatedAt: connection.updatedAt.toISOString(),
  };
}

export function toIntegrationView(connection: IntegrationConnection): IntegrationView {
  const encrypted = connection.credentialsEncrypted;
  return {
    system: connection.system,
    connectionId: connection.id,
    enabled: connection.enabled,
    paused: connection.paused,
    pausedReason: connection.pausedReason,
    direction: connection.direction,
    entityTypes: connection.entityTypes,
    fieldMappings: connection.fieldMappings,
    matchingKeys: connection.matchingKeys,
    conflictPolicy: connection.conflictPolicy,
    settings: connection.settings,
    credentials: {
      set: encrypted !== null,
      keyId: encrypted === null ? null : secretKeyId(encrypted),
      updatedAt: connection.credentialsUpdatedAt?.toISOString() ?? null,
    },
    version: connection.version,
    createdAt: connection.createdAt.toISOString(),
    updatedAt: connection.updatedAt.toISOString(),
  };
}

/** The AAD that binds a connection's secrets to it (the connectors decrypt with the same). */
export function connectionSecretContext(tenantId: string, system: string): string {
  return `${tenantId}:${system}`;
}

/** The matching keys to try for an entity type: the configured ones, else the defaults. */
export function matchingKeysFor(
  connection: Pick<IntegrationConnection, 'matchingKeys'>,
  entityType: EntityType,
): readonly string[] {
  return connection.matchingKeys[entityType] ?? DEFAULT_MATCHING_KEYS[entityType];
}
