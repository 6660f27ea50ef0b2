import {
  ConsumedMessage,
  ConsumerRunner,
  createKafkaClient,
  KafkaLogger,
  KafkaPublisher,
  KafkaSecurityOptions,
  silentKafkaLogger,
} from '@concord/kafka';
import { CatalogEvent, CatalogTopics, EntityType, withTopicPrefix } from '@concord/model';

import { catalogEventProblems, SchemaProblem } from './lenient-validator';

/** Where an event came from in Kafka, for logging and idempotency. */
export interface EventMeta {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  headers: Record<string, string>;
}

/** An event that did not validate: reported to `onInvalid`, never passed to a handler. */
export interface InvalidEvent extends EventMeta {
  reason: 'not-json' | 'schema';
  problems: SchemaProblem[];
}

export type CatalogEventHandler<E extends EntityType> = (
  event: CatalogEvent<E>,
  meta: EventMeta,
) => Promise<void>;

export interface EventsClientOptions {
  brokers: string[];
  /** SASL and TLS to the brokers (`kafkaSecurityOptions` of `@concord/kafka` builds them). */
  security?: KafkaSecurityOptions;
  /** Your team's consumer group: every replica of your service uses the same one. */
  groupId: string;
  clientId?: string;
  /** Prefix of Concord's topic names, if your deployment uses one (tests do). */
  topicPrefix?: string;
  /** Start from the oldest retained event when the group has no committed offset yet. */
  fromBeginning?: boolean;
  sessionTimeoutMs?: number;
  logger?: KafkaLogger;
  /** Called for every invalid event (default: a warning in the log). */
  onInvalid?: (invalid: InvalidEvent) => void;
}

/**
 * Subscribes to Concord's catalog events with typed, validated handlers. Delivery is at least
 * once and ordered per entity; handlers should deduplicate (by `event.id` or `entityVersion`).
 * A handler that throws is retried with backoff (see @concord/kafka), then dead-lettered to
 * `dlq.<groupId>.v1`.
 */
export class ConcordEventsClient {
  private readonly handlers = new Map<EntityType, CatalogEventHandler<EntityType>>();
  private readonly topics = new Map<string, EntityType>();
  private runner?: ConsumerRunner;
  private publisher?: KafkaPublisher;

  constructor(private readonly options: EventsClientOptions) {}

  /** Registers the handler for one entity type's events (call before `start`). */
  on<E extends EntityType>(entityType: E, handler: CatalogEventHandler<E>): this {
    if (this.runner) throw new Error('register handlers before start()');
    this.handlers.set(entityType, handler as CatalogEventHandler<EntityType>);
    this.topics.set(
      withTopicPrefix(this.options.topicPrefix ?? '', CatalogTopics[entityType]),
      entityType,
    );
    return this;
  }

  get isReady(): boolean {
    return this.runner?.isReady ?? false;
  }

  async start(): Promise<void> {
    if (this.handlers.size === 0)
      throw new Error('register at least one handler with on() before start()');
    const logger = this.options.logger ?? silentKafkaLogger;
    const kafka = createKafkaClient({
      brokers: this.options.brokers,
      clientId: this.options.clientId ?? this.options.groupId,
      logger,
      ...this.options.security,
    });
    this.publisher = new KafkaPublisher(kafka);
    this.runner = new ConsumerRunner({
      client: kafka,
      publisher: this.publisher,
      groupId: this.options.groupId,
      topics: [...this.topics.keys()],
      fromBeginning: this.options.fromBeginning ?? false,
      sessionTimeoutMs: this.options.sessionTimeoutMs,
      logger,
      handler: (message) => this.dispatch(message),
    });
    await this.runner.start();
  }

  async stop(): Promise<void> {
    await this.runner?.stop();
    await this.publisher?.disconnect();
  }

  private async dispatch(message: ConsumedMessage): Promise<void> {
    const entityType = this.topics.get(message.topic) as EntityType;
    const meta: EventMeta = {
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
      key: message.key,
      headers: message.headers,
    };
    let value: unknown;
    try {
      value = JSON.parse(message.value?.toString('utf8') ?? '');
    } catch {
      return this.reportInvalid({
        ...meta,
        reason: 'not-json',
        problems: [{ path: '(root)', message: 'is not JSON' }],
      });
    }
    const problems = catalogEventProblems(entityType, value);
    if (problems.length > 0) return this.reportInvalid({ ...meta, reason: 'schema', problems });
    await (this.handlers.get(entityType) as CatalogEventHandler<EntityType>)(
      value as CatalogEvent,
      meta,
    );
  }

  private reportInvalid(invalid: InvalidEvent): void {
    if (this.options.onInvalid) return this.options.onInvalid(invalid);
    (this.options.logger ?? silentKafkaLogger).warn(
      {
        topic: invalid.topic,
        partition: invalid.partition,
        offset: invalid.offset,
        problems: invalid.problems,
      },
      'invalid Concord event skipped',
    );
  }
}
