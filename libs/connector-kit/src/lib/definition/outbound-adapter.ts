import type { ContentByEntityType, EntityType } from '@concord/model';

import type { BatchWriter } from './batch-writer';
import type { KitLogger } from './kit-logger';
import type { LinkLookup, ResolvedConnection } from './resolved-connection';

/** Which share of the rate budget a call draws from: live changes first, backfills after. */
export type BudgetLane = 'live' | 'backfill';

/** The link the connector already holds for a record, if any. */
export interface ExistingLink {
  /** External id of the main record. */
  externalId: string;
  /** External ids of its parts (e.g. `{ price: 'price_123' }` for a product). */
  parts: Readonly<Record<string, string>>;
}

/** Everything an outbound call needs besides the mapped payload. */
export interface ExternalCallContext<TClient> {
  /** The provider client for this connection (from `createClient`). */
  client: TClient;
  /** The connection being written to. */
  connection: ResolvedConnection;
  /** Links known so far (to resolve references). */
  links: LinkLookup;
  /** Budget lane of this work. */
  lane: BudgetLane;
  /** Logger carrying tenant, connection and event ids. */
  log: KitLogger;
  /**
   * Runs one provider request: waits for the shared rate budget, passes the request its
   * idempotency key (`concord-<eventId>` plus `-<step>`), and classifies what it throws.
   */
  call<T>(step: string, request: (idempotencyKey: string) => Promise<T>): Promise<T>;
}

/** Context of a create/update: the event's idempotency key and the existing link. */
export interface UpsertContext<TClient> extends ExternalCallContext<TClient> {
  /** `concord-<eventId>`: the same event always writes with the same key. */
  idempotencyKey: string;
  /** The external id linked to this record, or null to create it. */
  existingExternalId: string | null;
  /** The full link (main id and parts), or null to create. */
  existing: ExistingLink | null;
  /** Content fields the catalog event says changed; null when unknown (write everything). */
  changedFields: readonly string[] | null;
  /** When the catalog changed the record (the event's `updatedAt`, ISO 8601). */
  catalogChangedAt: string;
}

/** What a successful write returns; the kit stores the link and reports the outcome. */
export interface UpsertResult {
  /** Id of the record in the external system. */
  externalId: string;
  /** Its version/etag after the write, when the system has one. */
  externalVersion: string | null;
  /** Ids of parts written alongside (kept as links, passed back in `existing.parts`). */
  parts?: Record<string, string>;
}

/** One existing external record as a backfill's matching index holds it (see `listForMatching`). */
export interface MatchCandidate {
  /** Id of the record in the external system. */
  externalId: string;
  /** The catalog id the record carries (written by Concord), or null for a record it never wrote. */
  concordId: string | null;
  /** Its values of the matching keys it has (e.g. `{ email: 'a@example.com' }`); absent ones left out. */
  keys: Readonly<Record<string, string>>;
}

/** Writes canonical changes to the external system. */
export interface OutboundAdapter<TClient, TMapped extends Record<EntityType, unknown>> {
  /**
   * How long the system remembers an idempotency key (Stripe: 24 hours). A create retried later
   * than that is first looked up by its catalog id, so it never makes a second record; within
   * the window the key alone guards it and no lookup is spent. Unset: keys never expire.
   */
  idempotencyWindowMs?: number;
  /**
   * Many records per call, where the system has a bulk endpoint. Without it the kit writes each
   * batch record by record through `upsert` and `delete` (see `batch-writer.ts`).
   */
  batch?: BatchWriter<TClient, TMapped>;
  /** Creates (existingExternalId null) or updates the external record; idempotent per key. */
  upsert<E extends EntityType>(
    entityType: E,
    entityId: string,
    mapped: TMapped[E],
    ctx: UpsertContext<TClient> & { content: ContentByEntityType[E] },
  ): Promise<UpsertResult>;
  /** Deletes, archives or voids the external record, as the system allows. */
  delete(
    entityType: EntityType,
    externalId: string,
    ctx: UpsertContext<TClient> & { existing: ExistingLink },
  ): Promise<void>;
  /**
   * The record as the system holds it now, in canonical form (`toCanonical`'s content), or null
   * when it is gone. With it the kit can tell an echo that the connector's own later write replaced
   * in the system (it is written back then); without it echoes are never written back.
   */
  readContent?(
    entityType: EntityType,
    externalId: string,
    ctx: ExternalCallContext<TClient>,
  ): Promise<unknown>;
  /** Finds the external record carrying this catalog id (fallback when no link is known). */
  findByConcordId?(
    entityType: EntityType,
    entityId: string,
    ctx: ExternalCallContext<TClient>,
  ): Promise<string | null>;
  /**
   * Every existing record of a type with its catalog id and matching-key values, read page by page
   * through the system's list endpoint (each page one `ctx.call`, so under the rate budget). A
   * backfill builds its matching index from it once per connection and run, and then looks records
   * up there instead of calling `findByConcordId` and `findByMatchingKey` per record. Null for an
   * entity type the system cannot list this way (the per-record lookups are used then).
   */
  listForMatching?(
    entityType: EntityType,
    ctx: ExternalCallContext<TClient>,
  ): AsyncIterable<MatchCandidate> | null;
  /** Finds an existing external record by a matching key such as email (backfill). */
  findByMatchingKey?(
    entityType: EntityType,
    key: string,
    value: string,
    ctx: ExternalCallContext<TClient>,
  ): Promise<string | null>;
}
