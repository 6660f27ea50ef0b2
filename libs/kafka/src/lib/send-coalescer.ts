import type { Message, RecordMetadata, TopicMessages } from 'kafkajs';

/** Bounds of one coalesced produce request. */
export interface CoalescingLimits {
  /** Most messages in one request. */
  maxMessages: number;
  /** Most key + value bytes in one request (below the broker's `message.max.bytes`). */
  maxBytes: number;
}

export const DEFAULT_COALESCING_LIMITS: CoalescingLimits = {
  maxMessages: 2_000,
  maxBytes: 768 * 1024,
};

interface PendingSend {
  topicMessages: TopicMessages[];
  messages: number;
  bytes: number;
  resolve: (metadata: RecordMetadata[]) => void;
  reject: (error: unknown) => void;
}

function sizeOf(message: Message): number {
  const length = (part: Message['key'] | Message['value']): number =>
    part === null || part === undefined ? 0 : Buffer.byteLength(part);
  return length(message.key) + length(message.value);
}

/**
 * Group commit for produce requests. The producer keeps one request in flight (so retries never
 * reorder); the sends that callers make while it is in flight wait, and go out together in the
 * next request, in the order they were made. A lone send leaves at once, so nothing waits at low
 * load, and under load many callers' messages share one request. When the broker refuses a
 * shared request for its records (too large, invalid), its sends are tried again one by one, so
 * one bad send fails alone; any other failure fails every send of the request.
 */
export class SendCoalescer {
  private readonly waiting: PendingSend[] = [];
  private draining = false;

  constructor(
    private readonly produce: (topicMessages: TopicMessages[]) => Promise<RecordMetadata[]>,
    private readonly limits: CoalescingLimits = DEFAULT_COALESCING_LIMITS,
  ) {}

  /** Resolves with the metadata of the request that carried these messages. */
  send(topicMessages: TopicMessages[]): Promise<RecordMetadata[]> {
    return new Promise((resolve, reject) => {
      const all = topicMessages.flatMap((batch) => batch.messages);
      this.waiting.push({
        topicMessages,
        messages: all.length,
        bytes: all.reduce((sum, message) => sum + sizeOf(message), 0),
        resolve,
        reject,
      });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.waiting.length > 0) await this.flush(this.nextGroup());
    } finally {
      this.draining = false;
    }
  }

  /** The waiting sends, oldest first, that fit in one request (always at least one). */
  private nextGroup(): PendingSend[] {
    let messages = 0;
    let bytes = 0;
    let count = 0;
    for (const pending of this.waiting) {
      const fits =
        messages + pending.messages <= this.limits.maxMessages &&
        bytes + pending.bytes <= this.limits.maxBytes;
      if (count > 0 && !fits) break;
      messages += pending.messages;
      bytes += pending.bytes;
      count += 1;
    }
    return this.waiting.splice(0, count);
  }

  private async flush(group: PendingSend[]): Promise<void> {
    try {
      const metadata = await this.produce(mergeTopics(group));
      for (const pending of group) pending.resolve(metadata);
    } catch (error) {
      if (group.length === 1 || !refusedForItsRecords(error)) {
        for (const pending of group) pending.reject(error);
        return;
      }
      for (const pending of group) await this.flush([pending]);
    }
  }
}

/** Errors the broker answers about the records themselves, not about being reachable. */
const RECORD_ERRORS = new Set([
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_RECORD',
  'CORRUPT_MESSAGE',
  'INVALID_TIMESTAMP',
]);

/** Whether a failed request was refused for what it carried (then each send is tried alone). */
function refusedForItsRecords(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    const type = (cause as { type?: unknown }).type;
    if (typeof type === 'string' && RECORD_ERRORS.has(type)) return true;
  }
  return false;
}

/** One entry per topic, messages in the order the sends were made. */
function mergeTopics(group: PendingSend[]): TopicMessages[] {
  const byTopic = new Map<string, Message[]>();
  for (const pending of group) {
    for (const { topic, messages } of pending.topicMessages) {
      const list = byTopic.get(topic) ?? [];
      list.push(...messages);
      byTopic.set(topic, list);
    }
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}
