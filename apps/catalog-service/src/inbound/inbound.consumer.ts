import { ConsumerRunner } from '@concord/kafka';
import { CatalogConsumerGroups, deadLetterTopic } from '@concord/model';
import { HealthRegistry } from '@concord/observability';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';

import { CATALOG_CONFIG } from '../config/catalog-config.module';
import type { CatalogConfig } from '../config/catalog-env';
import { ApplierBatchHandler } from './batch/applier-batch-handler';
import { PatternConsumer } from './pattern-consumer';
import { SyncKafka } from './sync-kafka.service';
import { CATALOG_RETRY_TOPIC, catalogConsumerGroups, connectorTopicOf } from './sync-topics';

/**
 * The applier's consumer group (`catalog-inbound`): every connector's inbound, outcome and status
 * topic (new connectors picked up as their topics appear) plus catalog.retry.v1, consumed in
 * batches (the runner's batch mode: one produce request and one offset commit per batch), each
 * handed to ApplierBatchHandler.
 */
@Injectable()
export class InboundConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumer?: PatternConsumer;

  constructor(
    @Inject(CATALOG_CONFIG) private readonly config: CatalogConfig,
    @InjectPinoLogger('InboundApplier') private readonly logger: PinoLogger,
    private readonly kafka: SyncKafka,
    private readonly batches: ApplierBatchHandler,
    private readonly health: HealthRegistry,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.INBOUND_APPLIER_ENABLED) return;
    const { kafka } = this;
    const group = catalogConsumerGroups(kafka.prefix).inbound;
    const retryTopic = kafka.topic(CATALOG_RETRY_TOPIC);
    const deadLetters = kafka.topic(deadLetterTopic(CatalogConsumerGroups.inbound));
    this.consumer = new PatternConsumer({
      name: group,
      admin: kafka.admin,
      prepare: () =>
        kafka.ensureCatalogTopics([
          CATALOG_RETRY_TOPIC,
          deadLetterTopic(CatalogConsumerGroups.inbound),
        ]),
      // The retry topic counts as a match so the group runs even before any connector exists.
      matches: (topic) => topic === retryTopic || connectorTopicOf(kafka.prefix, topic) !== null,
      refreshMs: this.config.SYNC_TOPIC_REFRESH_MS,
      logger: this.logger,
      createRunner: (topics) =>
        new ConsumerRunner({
          client: kafka.client,
          groupId: group,
          topics: topics.filter((topic) => topic !== retryTopic),
          batchHandler: (messages) => this.batches.handle(messages),
          maxBatchMessages: this.config.INBOUND_BATCH_MAX_MESSAGES,
          publisher: kafka.publisher,
          fromBeginning: true,
          sessionTimeoutMs: this.config.KAFKA_SESSION_TIMEOUT_MS,
          retry: { maxAttempts: this.config.INBOUND_MAX_ATTEMPTS },
          retryTopic,
          deadLetterTopic: deadLetters,
          partitionsConsumedConcurrently: 3,
          logger: this.logger,
        }),
    });
    const consumer = this.consumer;
    this.health.register('inbound-applier', () =>
      consumer.isReady ? true : { ok: false, detail: 'the inbound applier has not joined yet' },
    );
    consumer.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }

  /** Joined its group over the topics that existed at the last refresh. */
  get isReady(): boolean {
    return this.consumer?.isReady ?? false;
  }

  /** Starts consuming topics created since the last refresh without waiting for the next one. */
  refreshTopics(): Promise<void> {
    return this.consumer?.refreshNow() ?? Promise.resolve();
  }
}
