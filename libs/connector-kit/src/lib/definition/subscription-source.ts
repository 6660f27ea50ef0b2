import type { InboundChangeDraft, InboundContext } from './inbound-source';
import type { ResolvedConnection } from './resolved-connection';

/**
 * A long-lived subscription to the system's change stream (Salesforce's Change Data Capture over
 * the Streaming API, ...), resumed from a durable cursor (a replay id). The kit opens one per
 * enabled connection across all replicas (a lease), batches what it receives, publishes the
 * changes like webhook changes, and saves the cursor only once they are published.
 */
export interface SubscriptionSource<TClient, TMessage = unknown> {
  /** Name of the stream; the cursor is stored under `subscription.<stream>`. */
  stream: string;
  /** Whether this connection subscribes (e.g. not when its settings turn streaming off). */
  enabled?(connection: ResolvedConnection): boolean;
  /**
   * Subscribes after `cursor` (null: from now, reporting nothing old); resolves once the system
   * accepted the subscription. Throws {@link SubscriptionCursorExpiredError} when the system no
   * longer holds that cursor: the kit then subscribes from now and reconciles the connection.
   */
  open(
    cursor: string | null,
    ctx: InboundContext<TClient>,
    listener: SubscriptionListener<TMessage>,
  ): Promise<OpenSubscription>;
  /** The cursor that resumes right after this message. */
  cursorOf(message: TMessage): string;
  /** True when the message reports a write Concord itself made (its echo): nothing to publish. */
  isOwnWrite(message: TMessage): boolean;
  /** The canonical changes a batch of messages (in arrival order) stands for. */
  toChanges(
    messages: readonly TMessage[],
    ctx: InboundContext<TClient>,
  ): Promise<InboundChangeDraft[]>;
}

/** What a subscription tells the kit. */
export interface SubscriptionListener<TMessage> {
  /** A message arrived (in stream order). */
  received(message: TMessage): void;
  /** The subscription ended and cannot go on by itself: the kit opens it again, from its cursor. */
  failed(error: unknown): void;
}

/** A subscription the source opened. */
export interface OpenSubscription {
  /** Stops receiving and lets go of the connection to the system. */
  close(): Promise<void>;
}

/** The system no longer holds the cursor a subscription asked to resume from (retention). */
export class SubscriptionCursorExpiredError extends Error {
  constructor(
    readonly cursor: string,
    message = `the stream no longer holds cursor ${cursor}`,
  ) {
    super(message);
    this.name = 'SubscriptionCursorExpiredError';
  }
}
