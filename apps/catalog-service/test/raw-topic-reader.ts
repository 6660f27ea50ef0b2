import { randomSuffix } from '@concord/testing';
import { Kafka, logLevel } from 'kafkajs';

/** One Kafka record exactly as a consumer receives it: bytes, not parsed JSON. */
export interface RawRecord {
  topic: string;
  partition: number;
  key: string;
  value: Buffer | null;
  /** Header name and value (UTF-8), in the order the record carries them. */
  headers: [string, string][];
}

function headerList(headers: Record<string, unknown> | undefined): [string, string][] {
  const list: [string, string][] = [];
  for (const [name, value] of Object.entries(headers ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) {
      list.push([name, Buffer.isBuffer(item) ? item.toString('utf8') : String(item)]);
    }
  }
  return list;
}

/** Reads topics from the beginning and keeps every record, until stopped. */
export class RawTopicReader {
  readonly records: RawRecord[] = [];
  private readonly kafka: Kafka;
  private readonly consumer;

  constructor(brokers: string[]) {
    this.kafka = new Kafka({
      clientId: `raw-${randomSuffix()}`,
      brokers,
      logLevel: logLevel.NOTHING,
    });
    this.consumer = this.kafka.consumer({ groupId: `raw-${randomSuffix()}` });
  }

  async start(topics: string[]): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        this.records.push({
          topic,
          partition,
          key: message.key?.toString() ?? '',
          value: message.value,
          headers: headerList(message.headers),
        });
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}
