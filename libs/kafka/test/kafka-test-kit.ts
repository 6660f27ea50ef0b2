import { randomBytes } from 'node:crypto';

import { Kafka, logLevel } from 'kafkajs';

import { createKafkaClient, KafkaPublisher, TopicAdmin } from '../src';

export const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',');

// One token per spec file, so `close()` can delete every topic the file created (DLQs included).
const runToken = randomBytes(3).toString('hex');

export function uniqueName(label: string): string {
  return `t${runToken}-${randomBytes(3).toString('hex')}.${label}`;
}

export interface KafkaTestKit {
  kafka: Kafka;
  admin: TopicAdmin;
  publisher: KafkaPublisher;
  /** How many records a topic holds (sum of its high watermarks; the topics here never expire). */
  countMessages(topic: string): Promise<number>;
  close(): Promise<void>;
}

export async function kafkaTestKit(): Promise<KafkaTestKit> {
  const kafka = createKafkaClient({ brokers, clientId: uniqueName('test') });
  const admin = new TopicAdmin(kafka);
  const publisher = new KafkaPublisher(kafka);
  const rawAdmin = kafka.admin();
  await Promise.all([publisher.connect(), rawAdmin.connect()]);
  return {
    kafka,
    admin,
    publisher,
    countMessages: async (topic) => {
      const offsets = await rawAdmin.fetchTopicOffsets(topic);
      return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
    },
    close: async () => {
      const ours = (await admin.listTopics()).filter((t) => t.includes(`t${runToken}-`));
      await admin.deleteTopics(ours).catch(() => undefined);
      await rawAdmin.disconnect();
      await publisher.disconnect();
      await admin.disconnect();
    },
  };
}

export interface ReadMessage {
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
  partition: number;
}

/** Reads everything currently in a topic (from the beginning) with a throwaway group. */
export async function readAll(
  topic: string,
  expected: number,
  timeoutMs = 15000,
): Promise<ReadMessage[]> {
  const kafka = new Kafka({ brokers, clientId: uniqueName('reader'), logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({
    groupId: uniqueName('reader'),
    sessionTimeout: 6000,
    heartbeatInterval: 500,
    // disconnect() waits for the fetch in flight; a short wait keeps each read under a second.
    maxWaitTimeInMs: 100,
  });
  const messages: ReadMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message, partition }) => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = String(v);
      messages.push({
        key: message.key?.toString() ?? null,
        value: message.value?.toString() ?? null,
        headers,
        partition,
      });
    },
  });
  const deadline = Date.now() + timeoutMs;
  while (messages.length < expected && Date.now() < deadline) await sleep(100);
  // Give a moment for anything beyond the expected count to show up.
  await sleep(expected === 0 ? 2000 : 300);
  await consumer.disconnect();
  return messages;
}

/** Waits until the group has `members` members and no rebalance in progress. */
export async function waitForStableGroup(
  kafka: Kafka,
  groupId: string,
  members: number,
  timeoutMs = 20000,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { groups } = await admin.describeGroups([groupId]);
      if (groups[0]?.state === 'Stable' && groups[0].members.length === members) return;
      if (Date.now() > deadline) throw new Error(`group ${groupId} did not settle`);
      await sleep(200);
    }
  } finally {
    await admin.disconnect();
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function eventually(
  check: () => boolean,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

export async function eventuallyAsync(
  check: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}
