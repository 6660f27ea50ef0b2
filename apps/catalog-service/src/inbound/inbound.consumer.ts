import { KafkaBatchServer } from '@concord/kafka-nest';
import { CatalogConsumerGroups, deadLetterTopic } from '@concord/model';
import { HealthRegistry } from '@concord/observability';
import { Inject, Injectable } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';

import { CATALOG_CONFIG } from '../config/catalog-config.module';
import type { CatalogConfig } from '../config/catalog-env';
import { SyncKafka } from '../kafka/sync-kafka.service';
import { INBOUND_PATTERN } from './inbound.handler';
import { CATALOG_RETRY_TOPIC, catalogConsumerGroups, connectorTopicOf } from './sync-topics';

/**
 * The applier's consumer group (`catalog-inbound`) as the app's Kafka transport: every
 * connector's inbound, outcome and status topic (new connectors picked up as their topics appear)
 * plus catalog.retry.v1, consumed in batches (one produce request and one offset commit per
 * batch) and routed to InboundHandler's `@EventPattern`. `catalog-app.ts` connects it to the app
 * as a microservice when the applier is enabled.
 */
@Injectable()
export class InboundConsumer {
  readonly server?: KafkaBatchServer;

  constructor(
    @Inject(CATALOG_CONFIG) config: CatalogConfig,
    @InjectPinoLogger('InboundApplier') logger: PinoLogger,
    kafka: SyncKafka,
    health: HealthRegistry,
  ) {
    if (!config.INBOUND_APPLIER_ENABLED) return;
    const retryTopic = kafka.topic(CATALOG_RETRY_TOPIC);
    this.server = new KafkaBatchServer({
      client: kafka.client,
      publisher: kafka.publisher,
      admin: kafka.admin,
      logger,
      subscriptions: [
        {
          pattern: INBOUND_PATTERN,
          groupId: catalogConsumerGroups(kafka.prefix).inbound,
          prepare: () =>
            kafka.ensureCatalogTopics([
              CATALOG_RETRY_TOPIC,
              deadLetterTopic(CatalogConsumerGroups.inbound),
            ]),
          topics: {
            // The retry topic counts as a match so the group runs before any connector exists;
            // the runner consumes it itself.
            matches: (topic) =>
              topic === retryTopic || connectorTopicOf(kafka.prefix, topic) !== null,
            exclude: [retryTopic],
            refreshMs: config.SYNC_TOPIC_REFRESH_MS,
          },
          runner: {
            maxBatchMessages: config.INBOUND_BATCH_MAX_MESSAGES,
            fromBeginning: true,
            sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
            retry: { maxAttempts: config.INBOUND_MAX_ATTEMPTS },
            retryTopic,
            deadLetterTopic: kafka.topic(deadLetterTopic(CatalogConsumerGroups.inbound)),
            partitionsConsumedConcurrently: 3,
          },
        },
      ],
      onReadinessCheck: (_group, isReady) =>
        health.register('inbound-applier', () =>
          isReady() ? true : { ok: false, detail: 'the inbound applier has not joined yet' },
        ),
    });
  }

  /** Joined its group over the topics that existed at the last refresh. */
  get isReady(): boolean {
    return this.server?.isReady ?? false;
  }

  /** Starts consuming topics created since the last refresh without waiting for the next one. */
  refreshTopics(): Promise<void> {
    return this.server?.refreshTopics() ?? Promise.resolve();
  }
}
