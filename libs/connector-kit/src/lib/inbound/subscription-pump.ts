import type { ConnectionEntry } from '../connections/connection-state';
import { syncsInbound } from '../connections/connection-state';
import type { InboundContext } from '../definition/inbound-source';
import type { KitLogger } from '../definition/kit-logger';
import type { SubscriptionListener, SubscriptionSource } from '../definition/subscription-source';
import type { ConnectorStateStore } from '../state/connector-state-store';
import type { InboundPublisher } from './inbound-publisher';
import type { OverwrittenEdits } from './overwritten-edits';

export interface PumpOptions {
  /** How long the first message of a batch waits for others (one read serves them all). */
  batchWindowMs: number;
  /** Most messages handed to `toChanges` at once. */
  maxBatch: number;
}

export function subscriptionCursorName(stream: string): string {
  return `subscription.${stream}`;
}

/**
 * What one open subscription receives, on its way to the inbound topic: messages are gathered for
 * `batchWindowMs` (at most `maxBatch`), Concord's own writes are dropped, the rest become changes
 * (`toChanges`, one batch at a time, in order), are settled like webhook changes (an edit Concord's
 * own write overwrote is published with its base) and published; only then is the cursor of the
 * batch's last message saved. A batch that fails stops the pump (`onFailure`): the subscription is
 * opened again from the saved cursor, so nothing is lost.
 */
export class SubscriptionPump<TClient, TMessage> implements SubscriptionListener<TMessage> {
  private buffer: TMessage[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly source: SubscriptionSource<TClient, TMessage>,
    private readonly entry: ConnectionEntry<TClient>,
    private readonly ctx: InboundContext<TClient>,
    private readonly state: ConnectorStateStore,
    private readonly publisher: InboundPublisher,
    private readonly overwritten: OverwrittenEdits,
    private readonly log: KitLogger,
    private readonly options: PumpOptions,
    private readonly onFailure: (error: unknown) => void,
  ) {}

  received(message: TMessage): void {
    if (this.stopped) return;
    this.buffer.push(message);
    if (this.buffer.length >= this.options.maxBatch) this.flushSoon(0);
    else if (this.timer === undefined) this.flushSoon(this.options.batchWindowMs);
  }

  failed(error: unknown): void {
    this.fail(error);
  }

  /** Stops taking messages; resolves once the batch in flight is done. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.buffer = [];
    await this.flushing;
  }

  /** Resolves once every message received so far is published (or the pump failed). */
  drained(): Promise<void> {
    if (this.buffer.length > 0 && !this.stopped) this.flushSoon(0);
    return this.flushing;
  }

  private flushSoon(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flushing = this.flushing.then(() => this.flush());
    }, delayMs);
  }

  private async flush(): Promise<void> {
    while (!this.stopped && this.buffer.length > 0) {
      const batch = this.buffer.splice(0, this.options.maxBatch);
      try {
        await this.handle(batch);
      } catch (error) {
        this.fail(error);
        return;
      }
    }
  }

  private async handle(batch: TMessage[]): Promise<void> {
    const connection = this.entry.resolved;
    if (!connection) return;
    const scope = { tenant: connection.tenant, connectionId: connection.connectionId };
    const theirs = batch.filter((message) => !this.source.isOwnWrite(message));
    const drafts = theirs.length === 0 ? [] : await this.source.toChanges(theirs, this.ctx);
    const wanted = drafts.filter((draft) => syncsInbound(connection.settings, draft.entityType));
    const settled = [];
    for (const draft of wanted) settled.push(await this.overwritten.settle(scope, draft));
    if (this.stopped) return;
    await this.publisher.publish(connection, settled, 'stream');
    const cursor = this.source.cursorOf(batch[batch.length - 1]);
    await this.state.saveCursor(scope, subscriptionCursorName(this.source.stream), cursor);
    this.log.info(
      {
        received: batch.length,
        ownWrites: batch.length - theirs.length,
        published: settled.length,
        cursor,
      },
      'streamed changes published',
    );
  }

  private fail(error: unknown): void {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.timer);
    this.buffer = [];
    this.onFailure(error);
  }
}
