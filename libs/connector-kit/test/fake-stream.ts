import type { InboundChangeDraft } from '../src/lib/definition/inbound-source';
import {
  SubscriptionCursorExpiredError,
  type SubscriptionListener,
  type SubscriptionSource,
} from '../src/lib/definition/subscription-source';

export interface StreamMessage {
  seq: number;
  recordId: string;
  name: string;
  own: boolean;
}

/** An in-memory change stream: messages numbered in order, resumable after a number. */
export class FakeStream implements SubscriptionSource<unknown, StreamMessage> {
  readonly stream = 'changes';
  readonly messages: StreamMessage[] = [];
  readonly opens: Array<string | null> = [];
  readonly listeners = new Set<SubscriptionListener<StreamMessage>>();
  /** Oldest number still held (older cursors have expired). */
  oldest = 0;
  failNextBatch = false;
  readonly batches: number[] = [];

  emit(recordId: string, name: string, own = false): void {
    const message = { seq: this.messages.length + 1, recordId, name, own };
    this.messages.push(message);
    for (const listener of this.listeners) listener.received(message);
  }

  async open(cursor: string | null, _ctx: unknown, listener: SubscriptionListener<StreamMessage>) {
    this.opens.push(cursor);
    if (cursor !== null && Number(cursor) < this.oldest) {
      throw new SubscriptionCursorExpiredError(cursor);
    }
    this.listeners.add(listener);
    if (cursor !== null) {
      for (const message of this.messages.filter((m) => m.seq > Number(cursor))) {
        listener.received(message);
      }
    }
    return { close: async () => void this.listeners.delete(listener) };
  }

  cursorOf = (message: StreamMessage): string => String(message.seq);
  isOwnWrite = (message: StreamMessage): boolean => message.own;

  async toChanges(messages: readonly StreamMessage[]): Promise<InboundChangeDraft[]> {
    this.batches.push(messages.length);
    if (this.failNextBatch) {
      this.failNextBatch = false;
      throw new Error('read failed');
    }
    return messages.map(
      (m) =>
        ({
          entityType: 'customer',
          externalId: m.recordId,
          operation: 'upsert',
          sourceEventId: `evt-${m.seq}`,
          changedAt: new Date(0).toISOString(),
          externalVersion: null,
          content: { name: m.name },
        }) as InboundChangeDraft,
    );
  }
}
