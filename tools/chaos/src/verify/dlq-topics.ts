import { Kafka, logLevel } from 'kafkajs';

/** How many messages each `dlq.*` topic of the broker holds (high watermark minus low). */
export async function countDlqMessages(brokers: string): Promise<Map<string, number>> {
  const kafka = new Kafka({
    clientId: 'chaos-verifier',
    brokers: [brokers],
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const counts = new Map<string, number>();
    for (const topic of (await admin.listTopics()).filter((t) => /(^|\.)dlq\./.test(t))) {
      const offsets = await admin.fetchTopicOffsets(topic);
      const total = offsets.reduce((sum, o) => sum + Number(o.high) - Number(o.low), 0);
      counts.set(topic, total);
    }
    return counts;
  } finally {
    await admin.disconnect();
  }
}
