import type { Kafka } from '@concord/kafka';
import {
  createKafkaClient,
  KafkaPublisher,
  kafkaSecurityOptions,
  type OutgoingMessage,
  TopicAdmin,
  type TopicSpec,
} from '@concord/kafka';
import { describeTopic, topicDeclarationOf, withTopicPrefix } from '@concord/model';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';

import { CATALOG_CONFIG } from '../config/catalog-config.module';
import type { CatalogConfig } from '../config/catalog-env';

/**
 * The Kafka client of catalog-service's sync features (applier, dead-letter collector, backfill,
 * replay): one client, one idempotent producer, topic names with the deployment's prefix.
 */
@Injectable()
export class SyncKafka implements OnApplicationShutdown {
  readonly client: Kafka;
  readonly publisher: KafkaPublisher;
  readonly admin: TopicAdmin;
  readonly prefix: string;
  private readonly ensured = new Set<string>();

  constructor(
    @Inject(CATALOG_CONFIG) readonly config: CatalogConfig,
    @InjectPinoLogger('SyncKafka') readonly logger: PinoLogger,
  ) {
    this.prefix = config.KAFKA_TOPIC_PREFIX;
    this.client = createKafkaClient({
      brokers: [...config.KAFKA_BROKERS],
      clientId: `${config.KAFKA_CLIENT_ID}-sync`,
      logger,
      ...kafkaSecurityOptions(config),
    });
    this.publisher = new KafkaPublisher(this.client);
    this.admin = new TopicAdmin(this.client);
  }

  /** The deployment's name of a topic (with KAFKA_TOPIC_PREFIX). */
  topic(name: string): string {
    return withTopicPrefix(this.prefix, name);
  }

  /**
   * Creates the topics (unprefixed names from the model's topic catalog, with its partitions and
   * cleanup policy) once per process if they are missing: the brokers do not auto-create.
   */
  async ensureCatalogTopics(names: string[]): Promise<void> {
    await this.ensureTopics(names.map((name) => this.declarationOf(name)));
  }

  private declarationOf(name: string): TopicSpec {
    const descriptor = describeTopic(name);
    if (!descriptor) throw new Error(`topic ${name} is not in the model's topic catalog`);
    return topicDeclarationOf(descriptor, this.prefix);
  }

  private async ensureTopics(specs: TopicSpec[]): Promise<void> {
    const missing = specs.filter((spec) => !this.ensured.has(spec.name));
    if (missing.length === 0) return;
    await this.admin.ensureTopics(missing);
    for (const spec of missing) this.ensured.add(spec.name);
  }

  /** Publishes to a catalog topic (unprefixed name) after making sure it exists. */
  async send(name: string, messages: OutgoingMessage[]): Promise<void> {
    const spec = this.declarationOf(name);
    await this.ensureTopics([spec]);
    await this.publisher.connect();
    await this.publisher.send(spec.name, messages);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.publisher.disconnect().catch(() => undefined);
    await this.admin.disconnect().catch(() => undefined);
  }
}
