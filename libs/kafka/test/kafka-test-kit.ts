import { randomBytes } from 'node:crypto';

import { Kafka, logLevel } from 'kafkajs';

import { createKafkaClient, KafkaPublisher, TopicAdmin } from '../src';

export const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',');

export function uniqueName(label: string): string {
  return `t${randomBytes(4).toString('hex')}.${label}`;
}

export interface KafkaTestKit {
  kafka: Kafka;
  admin: TopicAdmin;
  publisher: KafkaPublisher;
  close(): Promise<void>;
}

export async function kafkaTestKit(): Promise<KafkaTestKit> {
  const kafka = createKafkaClient({ brokers, clientId: uniqueName('test') });
  const admin = new TopicAdmin(kafka);
  const publisher = new KafkaPublisher(kafka);
  await publisher.connect();
  return {
    kafka,
    admin,
    publisher,
    close: async () => {
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
