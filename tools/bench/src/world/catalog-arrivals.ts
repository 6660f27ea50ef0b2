import { randomSuffix } from '@concord/testing';
import { type Consumer, Kafka, logLevel } from 'kafkajs';

/** A catalog event as far as the bench reads it. */
interface CatalogEventBody {
  origin?: string;
  data?: { operation?: string; entity?: { email?: string | null; name?: string | null } };
}

/** A customer created in the catalog from a change observed in an external system. */
export interface ImportedCustomer {
  /** Its tag: the email, or the name's `Bench <tag>` (Salesforce Accounts have no email). */
  email: string;
  arrivedAt: number;
  /** Size of the catalog event on the wire (bytes), for the Kafka baseline. */
  bytes: number;
}

/**
 * A bench customer's tag: its email, else the tag in its `Bench <tag>` name (a Salesforce Account
 * has no email), or null for a customer the bench did not make.
 */
export function tagOf(entity: { email?: string | null; name?: string | null }): string | null {
  if (entity.email) return entity.email;
  return entity.name?.startsWith('Bench ') ? entity.name.slice('Bench '.length) : null;
}

/**
 * Watches the catalog customer topic of the bench's prefix (its own consumer group, from the
 * latest offset) and notes when each customer created with the system's origin (`stripe` by
 * default) was published: the change is then committed in the catalog and out on Kafka for every
 * consumer.
 */
export class CatalogArrivals {
  private consumer?: Consumer;
  /** Size in bytes of the latest catalog customer event seen (any origin). */
  eventBytes = 0;

  constructor(
    private readonly brokers: string[],
    private readonly topic: string,
    private readonly onCustomer: (customer: ImportedCustomer) => void,
    private readonly origin = 'stripe',
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
    const entity = event.data?.entity ?? {};
    const email = tagOf(entity);
    if (event.origin !== this.origin || event.data?.operation !== 'created' || !email) return;
    this.onCustomer({ email, arrivedAt, bytes: value.length });
  }
}
