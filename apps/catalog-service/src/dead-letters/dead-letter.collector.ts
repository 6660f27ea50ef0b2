import { ConsumerRunner } from '@concord/kafka';
import { PatternConsumer } from '@concord/kafka-nest';
import { HealthRegistry } from '@concord/observability';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import type { DataSource } from 'typeorm';

import { CATALOG_CONFIG } from '../config/catalog-config.module';
import type { CatalogConfig } from '../config/catalog-env';
import { withDatabaseUnavailability } from '../inbound/database-unavailable';
import { catalogConsumerGroups, isDeadLetterTopic } from '../inbound/sync-topics';
import { SyncKafka } from '../kafka/sync-kafka.service';
import { toDeadLetter } from './dead-letter.mapper';
import { DeadLetterRepository } from './dead-letter.repository';

/**
 * Group `catalog-dlq-collector`: stores every message of every `dlq.*` topic (new ones picked up
 * as they appear) for the dead-letter API. It never dead-letters itself: a failure to store is
 * retried in place until the database answers.
 */
@Injectable()
export class DeadLetterCollector implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumer?: PatternConsumer;

  constructor(
    @Inject(CATALOG_CONFIG) private readonly config: CatalogConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectPinoLogger('DeadLetterCollector') private readonly logger: PinoLogger,
    private readonly kafka: SyncKafka,
    private readonly deadLetters: DeadLetterRepository,
    private readonly health: HealthRegistry,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.DEAD_LETTER_COLLECTOR_ENABLED) return;
    const { kafka } = this;
    const group = catalogConsumerGroups(kafka.prefix).deadLetterCollector;
    this.consumer = new PatternConsumer({
      name: group,
      admin: kafka.admin,
      matches: (topic) => isDeadLetterTopic(kafka.prefix, topic),
      refreshMs: this.config.SYNC_TOPIC_REFRESH_MS,
      logger: this.logger,
      createRunner: (topics) =>
        new ConsumerRunner({
          client: kafka.client,
          groupId: group,
          topics,
          fromBeginning: true,
          sessionTimeoutMs: this.config.KAFKA_SESSION_TIMEOUT_MS,
          publisher: kafka.publisher,
          retry: { maxAttempts: Number.MAX_SAFE_INTEGER, inPlaceAttempts: Number.MAX_SAFE_INTEGER },
          logger: this.logger,
          handler: async (message) => {
            const letter = toDeadLetter(message);
            // A database restart is UPSTREAM_UNAVAILABLE, retried no sooner than a second.
            const stored = await this.deadLetters
              .store(this.dataSource.manager, letter)
              .catch((error: unknown) => {
                throw withDatabaseUnavailability(error);
              });
            if (stored) {
              this.logger.info(
                {
                  tenant: letter.tenantId,
                  topic: message.topic,
                  partition: message.partition,
                  offset: message.offset,
                  consumerGroup: letter.consumerGroup,
                  code: letter.error.code,
                },
                'dead letter stored',
              );
            }
          },
        }),
    });
    const consumer = this.consumer;
    this.health.register('dead-letter-collector', () =>
      consumer.isReady
        ? true
        : { ok: false, detail: 'the dead-letter collector has not joined yet' },
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

  refreshTopics(): Promise<void> {
    return this.consumer?.refreshNow() ?? Promise.resolve();
  }
}
