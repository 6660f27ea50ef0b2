import type { ConnectionSettings, EntityType } from '@concord/model';

import type { ResolvedConnection } from '../definition/resolved-connection';

/** Where a connection stands for this connector (the ConnectorStatus `state`). */
export type ConnectionState = 'active' | 'paused' | 'needs-attention' | 'disabled';

/**
 * Why a connection waits for a person at run time: the system refused its credentials (or lacks
 * what it needs), or its daily API allowance is used up, which resumes by itself.
 */
export interface ConnectionAttention {
  kind: 'credentials' | 'allowance';
  reason: string;
}

/** A connection as the registry holds it. */
export interface ConnectionEntry<TClient> {
  /** The latest settings published for the connection. */
  settings: ConnectionSettings;
  /** Null while the credentials or base URL cannot be used (see `problem`). */
  resolved: ResolvedConnection | null;
  /** The provider client built for these settings (null while unusable). */
  client: TClient | null;
  /** Why the settings cannot be used (undecryptable credentials, refused URL). */
  problem: string | null;
  /** A refusal seen at run time (revoked key, used-up allowance): needs an operator or time. */
  attention: ConnectionAttention | null;
}

export function connectionState(entry: ConnectionEntry<unknown>): ConnectionState {
  if (!entry.settings.enabled) return 'disabled';
  if (entry.problem !== null || entry.attention !== null) return 'needs-attention';
  if (entry.settings.paused) return 'paused';
  return 'active';
}

export function stateReason(entry: ConnectionEntry<unknown>): string | null {
  return (
    entry.problem ??
    entry.attention?.reason ??
    (entry.settings.paused ? entry.settings.pausedReason : null)
  );
}

/** Whether catalog changes of this entity type flow out to the system. */
export function syncsOutbound(settings: ConnectionSettings, entityType: EntityType): boolean {
  return (
    settings.enabled &&
    (settings.direction === 'both' || settings.direction === 'outbound') &&
    settings.entityTypes.includes(entityType)
  );
}

/** Whether changes of this entity type in the system flow into the catalog. */
export function syncsInbound(settings: ConnectionSettings, entityType: EntityType): boolean {
  return (
    settings.enabled &&
    (settings.direction === 'both' || settings.direction === 'inbound') &&
    settings.entityTypes.includes(entityType)
  );
}
