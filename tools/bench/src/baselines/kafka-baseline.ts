import { randomSuffix } from '@concord/testing';
import { Kafka, logLevel, Partitioners } from 'kafkajs';

import { summarize } from '../stats/percentiles';
import type { Baseline } from './baseline';

export interface KafkaBaselineOptions {
  brokers: string[];
  topicPrefix: string;
  messages: number;
  /** Bytes per message: the size of a real catalog event. */
  messageBytes: number;
  /** Sends in flight at once (each one message, as the pipeline's producers send). */
  concurrency: number;
}

/**
 * kafkajs produce-to-consume on the bench broker with Concord's producer settings (idempotent,
 * acks=all, one request in flight), messages the size of a catalog event, keys spread over the
 * topic's 6 partitions like entity keys; a consumer group reads them back. The rate counts
 * messages consumed per second from the first send to the last arrival.
 */
export async function measureKafka(options: KafkaBaselineOptions): Promise<Baseline> {
  const kafka = new Kafka({
    clientId: `bench-baseline-${randomSuffix()}`,
    brokers: options.brokers,
    logLevel: logLevel.NOTHING,
  });
  const topic = `${options.topicPrefix}baseline.kafka.${randomSuffix()}.v1`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 6 }], waitForLeaders: true });
  await admin.disconnect();

  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  const consumer = kafka.consumer({
    groupId: `bench-baseline-${randomSuffix()}`,
    maxWaitTimeInMs: 50,
  });
  const sentAt = new Array<number>(options.messages);
  const latencies: number[] = [];
  let lastArrival = 0;
  let resolveAll!: () => void;
  const allArrived = new Promise<void>((resolve) => (resolveAll = resolve));
  await Promise.all([producer.connect(), consumer.connect()]);
  await consumer.subscribe({ topic, fromBeginning: true });
  const joined = new Promise<void>((resolve) =>
    consumer.on(consumer.events.GROUP_JOIN, () => resolve()),
  );
  await consumer.run({
    eachBatch: async ({ batch }) => {
      const now = performance.now();
      for (const message of batch.messages) {
        latencies.push(now - (sentAt[Number(message.key?.toString())] ?? now));
        lastArrival = now;
      }
      if (latencies.length >= options.messages) resolveAll();
    },
  });
  await joined;

  const payload = 'x'.repeat(Math.max(1, options.messageBytes));
  let next = 0;
  const started = performance.now();
  const sender = async (): Promise<void> => {
    while (next < options.messages) {
      const index = next;
      next += 1;
      sentAt[index] = performance.now();
      await producer.send({ topic, acks: -1, messages: [{ key: String(index), value: payload }] });
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, sender));
  await Promise.race([allArrived, new Promise((r) => setTimeout(r, 60_000))]);
  await Promise.all([producer.disconnect(), consumer.disconnect()]);
  const deleter = kafka.admin();
  await deleter.connect();
  await deleter.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await deleter.disconnect();
  return {
    name: 'kafka',
    what: `kafkajs produce→consume, acks=all, idempotent, ${options.messageBytes} B, ${options.concurrency} sends in flight`,
    perSecond: (latencies.length * 1000) / Math.max(1, lastArrival - started),
    latency: summarize(latencies),
  };
}
