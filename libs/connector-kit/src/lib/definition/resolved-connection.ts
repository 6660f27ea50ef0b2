import type { Agent } from 'node:http';

import type { ConnectionSettings, EntityType } from '@concord/model';

import type { ConnectionSecrets } from '../credentials/connection-secrets';

/** A connection of this connector's system, ready to use: settings, clear credentials, checked URL. */
export interface ResolvedConnection {
  /** Owner of the connection; every call and event stays inside this tenant. */
  readonly tenant: string;
  /** The connection's id (a UUID chosen by catalog-service). */
  readonly connectionId: string;
  /** The external system's name, e.g. "stripe". */
  readonly system: string;
  /** The settings exactly as catalog-service published them (credentials still encrypted). */
  readonly settings: ConnectionSettings;
  /** Decrypted credentials (the JSON object the operator entered); never log or publish them. */
  readonly credentials: Readonly<Record<string, string>>;
  /** The API base URL the client must use, already checked against the outbound allow-list. */
  readonly baseUrl: URL;
  /**
   * The agent every call to `baseUrl` must go through: each connection it opens resolves the host
   * again through the outbound policy and reaches only an address that passed (DNS rebinding).
   */
  readonly httpAgent: Agent;
  /**
   * Secrets of this connection shared by every replica, encrypted (a rotated refresh token); set
   * by the kit's runtime, absent where a test builds the connection by hand.
   */
  readonly secrets?: ConnectionSecrets;
}

/** A reference from one catalog record to another it depends on (an invoice's customer). */
export interface EntityRef {
  /** Kind of the referenced record. */
  entityType: EntityType;
  /** Catalog id of the referenced record. */
  entityId: string;
}

/** Read access to the links the connector keeps between catalog records and external records. */
export interface LinkLookup {
  /** External id linked to a catalog record (or one of its parts, e.g. a product's price). */
  externalId(entityType: EntityType, entityId: string, part?: string): string | null;
  /** Catalog id linked to an external record, or null when the connector never linked it. */
  entityId(entityType: EntityType, externalId: string): string | null;
}
