import type { EntityType, InboundContentByEntityType } from '@concord/model';

import type { ExternalCallContext } from './outbound-adapter';
import type { SubscriptionSource } from './subscription-source';

/** A change observed in the external system, before the kit wraps it in an InboundChange. */
export type InboundChangeDraft = {
  [E in EntityType]: {
    /** Kind of record that changed. */
    entityType: E;
    /** Its id in the external system. */
    externalId: string;
    /** upsert: content is the record now; delete: it is gone. */
    operation: 'upsert' | 'delete';
    /** The provider's event id (or one derived from id and version): the catalog dedups by it. */
    sourceEventId: string;
    /** When the change happened (ISO); the catalog's last-writer-wins compares it. */
    changedAt: string;
    /** The external version, when the system has one. */
    externalVersion: string | null;
    /** Fields observed (null for a delete). */
    content: InboundContentByEntityType[E] | null;
    /** The catalog id the record carries, when Concord wrote one into it (`CanonicalRecord`). */
    catalogId?: string | null;
    /**
     * The change as the provider's event itself carried it, when `content` was read afresh: the
     * record in the event and what its changed fields held before. The kit publishes this instead
     * of `content` when Concord's own later write overwrote the change (see `overwrittenEdit`).
     */
    asReported?: ReportedChange<InboundContentByEntityType[E]>;
    /** Set by the kit only: the base `asReported` carried, for the catalog to resolve against. */
    previous?: InboundContentByEntityType[E];
    /**
     * Set by the kit only: `asReported`, when the record as read shows neither the event's change
     * nor what the connector is known to have written last (see `overwrittenEdit`).
     */
    reported?: ReportedChange<InboundContentByEntityType[E]>;
  };
}[EntityType];

/** An update as the provider's event described it. */
export interface ReportedChange<TContent> {
  /** The record as the event carried it. */
  content: TContent;
  /** The fields the event changed, with the values they had before it. */
  previous: TContent;
}

/** Context of inbound work: a provider call context plus the connection's identity. */
export type InboundContext<TClient> = ExternalCallContext<TClient>;

/** A webhook endpoint the connector registered with the provider. */
export interface RegisteredWebhook {
  /** The provider's id of the endpoint. */
  endpointId: string;
  /** A new signing secret, or null when the known endpoint (and its secret) still holds. */
  secret: string | null;
}

/** Receives signed webhooks from the provider. */
export interface WebhookSource<TClient, TEvent> {
  /** Checks the signature over the raw body; throws AuthError(INVALID_SIGNATURE) when it fails. */
  verify(
    rawBody: Buffer,
    headers: Readonly<Record<string, string | undefined>>,
    secrets: readonly string[],
  ): TEvent[];
  /** The provider's id of an event (duplicate deliveries share it). */
  eventId(event: TEvent): string;
  /** The provider's event type, for metrics and logs. */
  eventType(event: TEvent): string;
  /**
   * The external record an event is about (the one its changes will be read from). Deliveries
   * about one record are handled in arrival order, about different records concurrently. Without
   * it (or for null) a connection's deliveries are handled one at a time.
   */
  subjectOf?(event: TEvent): string | null;
  /** True when the event reports a write Concord itself made (its echo): nothing to publish. */
  isOwnWrite(event: TEvent): boolean;
  /** The canonical changes an event stands for; null for an event type the connector ignores. */
  toChanges(event: TEvent, ctx: InboundContext<TClient>): Promise<InboundChangeDraft[] | null>;
  /** Ensures an endpoint for `url` exists (reusing `known` when still there). */
  register?(
    url: string,
    known: { endpointId: string } | null,
    ctx: InboundContext<TClient>,
  ): Promise<RegisteredWebhook>;
}

/** A stream of changes read by polling, resumed from a durable cursor. */
export interface PollSource<TClient> {
  /** Name of the stream; the cursor is stored under it. */
  stream: string;
  /** Reads changes after `cursor` (null: start now, reporting nothing old). */
  poll(
    cursor: string | null,
    ctx: InboundContext<TClient>,
  ): Promise<{ changes: InboundChangeDraft[]; nextCursor: string | null }>;
}

/** How a connector learns about external changes. */
export interface InboundSources<TClient, TEvent> {
  /** Signed webhooks, when the provider sends them. */
  webhook?: WebhookSource<TClient, TEvent>;
  /** A long-lived subscription to the system's change stream (see `SubscriptionSource`). */
  subscription?: SubscriptionSource<TClient>;
  /** Polled streams (run on a schedule and by reconciliation; the safety net of a subscription). */
  poll: readonly PollSource<TClient>[];
  /** Every external record of a type, for reconciliation and backfill. */
  listAll(entityType: EntityType, ctx: InboundContext<TClient>): AsyncIterable<unknown>;
}
