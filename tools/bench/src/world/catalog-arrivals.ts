import { randomSuffix } from '@concord/testing';
import { type Consumer, Kafka, logLevel } from 'kafkajs';

/** A catalog event as far as the bench reads it. */
interface CatalogEventBody {
  origin?: string;
  data?: { operation?: string; entity?: { email?: string | null } };
}

/** A customer created in the catalog from a change observed in Stripe. */
export interface ImportedCustomer {
  email: string;
  arrivedAt: number;
  /** Size of the catalog event on the wire (bytes), for the Kafka baseline. */
  bytes: number;
}

/**
 * Watches the catalog customer topic of the bench's prefix (its own consumer group, from the
 * latest offset) and notes when each customer created with origin `stripe` was published: the
 * change is then committed in the catalog and out on Kafka for every consumer.
 */
export class CatalogArrivals {
  private consumer?: Consumer;
  /** Size in bytes of the latest catalog customer event seen (any origin). */
  eventBytes = 0;

  constructor(
    private readonly brokers: string[],
    private readonly topic: string,
    private readonly onCustomer: (customer: ImportedCustomer) => void,
  ) {}

  async start(): Promise<void> {
    const kafka = new Kafka({
      clientId: `bench-arrivals-${randomSuffix()}`,
      brokers: this.brokers,
      logLevel: logLevel.NOTHING,
    });
    const consumer = kafka.consumer({
      groupId: `bench-arrivals-${randomSuffix()}`,
      maxWaitTimeInMs: 50,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topic: this.topic, fromBeginning: false });
    const joined = new Promise<void>((resolve) =>
      consumer.on(consumer.events.GROUP_JOIN, () => resolve()),
    );
    await consumer.run({
      eachBatch: async ({ batch }) => {
        const arrivedAt = Date.now();
        for (const message of batch.messages) this.read(message.value, arrivedAt);
      },
    });
    await joined;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }

  private read(value: Buffer | null, arrivedAt: number): void {
    if (value === null) return;
    this.eventBytes = value.length;
    const event = JSON.parse(value.toString('utf8')) as CatalogEventBody;
    const email = event.data?.entity?.email;
    if (event.origin !== 'stripe' || event.data?.operation !== 'created' || !email) return;
    this.onCustomer({ email, arrivedAt, bytes: value.length });
  }
}
