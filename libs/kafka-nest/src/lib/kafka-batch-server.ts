import {
  ConsumerRunner,
  type KafkaLogger,
  type KafkaPublisher,
  type TopicAdmin,
} from '@concord/kafka';
import { CustomTransportStrategy, Server } from '@nestjs/microservices';

import { batchResultOf } from './batch-result';
import type { BatchSubscription, MatchedTopics } from './batch-subscription';
import { KafkaBatchContext } from './kafka-batch-context';
import { PatternConsumer } from './pattern-consumer';

export interface KafkaBatchServerOptions {
  /** The Kafka client (`createKafkaClient` of @concord/kafka). */
  client: ConstructorParameters<typeof ConsumerRunner>[0]['client'];
  publisher: KafkaPublisher;
  admin: TopicAdmin;
  logger: KafkaLogger;
  subscriptions: readonly BatchSubscription[];
  /** Called with each subscription's readiness check (e.g. HealthRegistry.register). */
  onReadinessCheck?: (name: string, isReady: () => boolean) => void;
}

/** A running subscription: a pattern consumer over its matched (or listed) topics. */
interface Running {
  readonly isReady: boolean;
  refreshNow(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A Nest microservice transport (`CustomTransportStrategy`) whose handlers receive batches:
 * `@EventPattern(pattern)` methods get the messages of one partition's fetch and return
 * `{ dispositions, outputs }`. Each subscription is a ConsumerRunner of @concord/kafka in batch
 * mode, so it keeps what the stock Kafka transport cannot: batch consumption, the retry topic and
 * dead letters, one produce request and one offset commit per batch after success, readiness,
 * and topics matched by a pattern, including ones created later.
 */
export class KafkaBatchServer extends Server implements CustomTransportStrategy {
  private readonly running: Running[] = [];

  constructor(private readonly options: KafkaBatchServerOptions) {
    super();
  }

  /** Whether every subscription has joined its group. */
  get isReady(): boolean {
    return this.running.length > 0 && this.running.every((one) => one.isReady);
  }

  listen(callback: (...optionalParams: unknown[]) => void): void {
    try {
      for (const subscription of this.options.subscriptions) {
        this.running.push(this.subscribe(subscription));
      }
      callback();
    } catch (error) {
      callback(error);
    }
  }

  /** Subscribes to matching topics created since the last check without waiting for the next. */
  async refreshTopics(): Promise<void> {
    await Promise.all(this.running.map((one) => one.refreshNow()));
  }

  async close(): Promise<void> {
    await Promise.all(this.running.splice(0).map((one) => one.stop().catch(() => undefined)));
  }

  on(): never {
    throw new Error('KafkaBatchServer emits no events: see the readiness checks');
  }

  unwrap<T>(): T {
    return this.running as unknown as T;
  }

  private subscribe(subscription: BatchSubscription): Running {
    const handler = this.getHandlerByPattern(subscription.pattern);
    if (!handler?.isEventHandler) {
      throw new Error(`No @EventPattern('${subscription.pattern}') handler is declared`);
    }
    const runnerOver = (topics: string[]): ConsumerRunner =>
      new ConsumerRunner({
        ...subscription.runner,
        client: this.options.client,
        groupId: subscription.groupId,
        topics,
        publisher: this.options.publisher,
        logger: this.options.logger,
        batchHandler: async (messages) => {
          const context = new KafkaBatchContext([
            subscription.pattern,
            subscription.groupId,
            messages,
          ]);
          return batchResultOf(
            await handler(messages, context),
            subscription.pattern,
            messages.length,
          );
        },
      });
    const running = isMatched(subscription.topics)
      ? this.matched(subscription, subscription.topics, runnerOver)
      : this.fixed(subscription, [...subscription.topics], runnerOver);
    this.options.onReadinessCheck?.(subscription.groupId, () => running.isReady);
    return running;
  }

  private matched(
    subscription: BatchSubscription,
    topics: MatchedTopics,
    runnerOver: (topics: string[]) => ConsumerRunner,
  ): Running {
    const excluded = new Set(topics.exclude ?? []);
    const consumer = new PatternConsumer({
      name: subscription.groupId,
      admin: this.options.admin,
      prepare: subscription.prepare,
      matches: (topic) => topics.matches(topic),
      refreshMs: topics.refreshMs,
      logger: this.options.logger,
      createRunner: (matched) => runnerOver(matched.filter((topic) => !excluded.has(topic))),
    });
    consumer.start();
    return consumer;
  }

  private fixed(
    subscription: BatchSubscription,
    topics: string[],
    runnerOver: (topics: string[]) => ConsumerRunner,
  ): Running {
    // A fixed list is a pattern consumer whose matcher accepts exactly those topics: the same
    // start-up retries (broker away, topic not there yet) for both kinds.
    const wanted = new Set(topics);
    return this.matched(
      subscription,
      { matches: (topic) => wanted.has(topic), refreshMs: 30_000 },
      runnerOver,
    );
  }
}

function isMatched(topics: BatchSubscription['topics']): topics is MatchedTopics {
  return !Array.isArray(topics);
}
