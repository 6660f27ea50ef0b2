import { IHeaders, Kafka, KafkaMessage, logLevel } from 'kafkajs';

import { randomSuffix } from './test-ids';

export interface CollectMessagesOptions {
  brokers: string[];
  topic: string;
  /** true: everything already on the topic too; false (default): only what is produced after this resolves. */
  fromBeginning?: boolean;
  /** Default: a group of its own. */
  groupId?: string;
  /** Create the topic (broker defaults) if it does not exist; default true, since brokers here do not auto-create. */
  createTopic?: boolean;
}

export interface CollectedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  /** The value parsed as JSON; the raw text if it is not JSON; null for a tombstone. */
  value: unknown;
  headers: Record<string, string>;
  timestamp: string;
}

export interface MessageCollector {
  /** Every message received so far, in arrival order. */
  readonly messages: CollectedMessage[];
  /** The first message (already received or still to come) that satisfies `predicate`. */
  waitFor(
    predicate: (message: CollectedMessage) => boolean,
    timeoutMs?: number,
  ): Promise<CollectedMessage>;
  stop(): Promise<void>;
}

interface Waiter {
  predicate: (message: CollectedMessage) => boolean;
  resolve: (message: CollectedMessage) => void;
  timer?: NodeJS.Timeout;
}

/** Consumes `topic` with a consumer group of its own and keeps every message for assertions. */
export async function collectMessages(options: CollectMessagesOptions): Promise<MessageCollector> {
  const { brokers, topic, fromBeginning = false, createTopic = true } = options;
  const kafka = new Kafka({
    clientId: `collector-${randomSuffix()}`,
    brokers,
    logLevel: logLevel.NOTHING,
  });
  const startOffsets = await prepareTopic(kafka, topic, createTopic, fromBeginning);

  const messages: CollectedMessage[] = [];
  const waiters = new Set<Waiter>();
  const consumer = kafka.consumer({ groupId: options.groupId ?? `collector-${randomSuffix()}` });
  await consumer.connect();
  // Always read from the beginning and drop what precedes the start offsets: "latest" would race
  // with messages produced right after we resolve, and seek() races with the group's start.
  await consumer.subscribe({ topic, fromBeginning: true });
  const startOf = new Map((startOffsets ?? []).map(({ partition, offset }) => [partition, offset]));
  const joined = new Promise<void>((resolve) =>
    consumer.on(consumer.events.GROUP_JOIN, () => resolve()),
  );
  await consumer.run({
    eachMessage: async ({ topic: from, partition, message }) => {
      const start = startOf.get(partition);
      if (start !== undefined && BigInt(message.offset) < BigInt(start)) return;
      const collected = toCollected(from, partition, message);
      messages.push(collected);
      for (const waiter of waiters) {
        if (waiter.predicate(collected)) {
          waiters.delete(waiter);
          clearTimeout(waiter.timer);
          waiter.resolve(collected);
        }
      }
    },
  });
  await withTimeout(joined, 30_000, `the collector for ${topic} did not join its group`);

  return {
    messages,
    waitFor: (predicate, timeoutMs = 10_000) => {
      const seen = messages.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const waiter: Waiter = { predicate, resolve };
        waiters.add(waiter);
        waiter.timer = setTimeout(() => {
          if (!waiters.delete(waiter)) return;
          reject(
            new Error(
              `no matching message on ${topic} within ${timeoutMs} ms (${messages.length} received)`,
            ),
          );
        }, timeoutMs);
      });
    },
    stop: () => consumer.disconnect(),
  };
}

/** Creates the topic if asked; returns the current end offsets when only later messages are wanted. */
async function prepareTopic(
  kafka: Kafka,
  topic: string,
  createTopic: boolean,
  fromBeginning: boolean,
): Promise<Array<{ partition: number; offset: string }> | undefined> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    if (createTopic && !(await admin.listTopics()).includes(topic)) {
      await admin
        .createTopics({ topics: [{ topic }], waitForLeaders: true })
        .catch((error: unknown) => {
          // Someone else created it meanwhile: fine.
          if (!(error instanceof Error && /already exists/i.test(error.message))) throw error;
        });
    }
    if (fromBeginning) return undefined;
    // A topic created a moment ago may have no leader yet: retriable errors are asked again.
    for (let attempt = 1; ; attempt += 1) {
      try {
        return (await admin.fetchTopicOffsets(topic)).map(({ partition, offset }) => ({
          partition,
          offset,
        }));
      } catch (error) {
        const retriable = (error as { retriable?: unknown }).retriable === true;
        if (!retriable || attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  } finally {
    await admin.disconnect();
  }
}

function toCollected(topic: string, partition: number, message: KafkaMessage): CollectedMessage {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key === null ? null : message.key.toString('utf8'),
    value: parseValue(message.value),
    headers: headersToStrings(message.headers),
    timestamp: message.timestamp,
  };
}

function parseValue(value: Buffer | null): unknown {
  if (value === null) return null;
  const text = value.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const single = Array.isArray(value) ? value[0] : value;
    if (single !== undefined) result[name] = single.toString();
  }
  return result;
}

async function withTimeout<T>(promise: Promise<T>, timeoutMs: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
